import { normaliseCompanyName } from '../partner-names';

/** Accents and case folded away: `Acmé  Robotics` → `acme robotics`; also the list's sort key. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What a search is matched against: the folded name, the name as duplicate detection sees it, the domain. */
export function searchTextOf(name: string, webDomain: string | undefined | null): string {
  return [foldText(name), normaliseCompanyName(name), webDomain ?? undefined]
    .filter((part) => part !== undefined && part.length > 0)
    .join(' | ');
}

/** The `name | normalised name` prefix of searchTextOf, for SQL to append the stored domain to. */
export const nameSearchTextOf = (name: string): string => searchTextOf(name, undefined);

const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** LIKE patterns for a search term (either may match): "Acmé, Inc." finds "ACME Robotics Inc". */
export function searchPatterns(term: string): string[] {
  const forms = new Set([foldText(term), normaliseCompanyName(term)].filter((form) => form.length > 0));
  return [...forms].map((form) => `%${likeEscaped(form)}%`);
}
