import { normaliseCompanyName, normaliseWebDomain } from '@continuum/partners';

/** A known partner as duplicate detection sees it. */
export interface KnownPartner {
  readonly name: string;
  /** `normaliseCompanyName` of the name. */
  readonly normalisedName: string;
  readonly webDomain?: string;
  /** Merged into another partner: no longer a candidate. */
  readonly merged?: boolean;
}

export interface LikelyDuplicate {
  readonly partnerId: string;
  readonly name: string;
  readonly reason: string;
}

export const knownPartner = (name: string, webDomain: string | undefined): KnownPartner => {
  const domain = webDomain === undefined ? undefined : normaliseWebDomain(webDomain);
  return {
    name,
    normalisedName: normaliseCompanyName(name),
    ...(domain === undefined ? {} : { webDomain: domain }),
  };
};

/** Edit distance with a cap: stops early once the distance must exceed `max`. */
export function editDistanceWithin(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  // Two reused rows: this runs once per known partner for every new one, so it must not allocate per cell.
  let previous = new Uint16Array(b.length + 1).map((_, index) => index);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const cell = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (rowMinimum > max) return undefined;
    [previous, current] = [current, previous];
  }
  const distance = previous[b.length] ?? 0;
  return distance <= max ? distance : undefined;
}

const sortedWords = (name: string): string => name.split(' ').sort().join(' ');

/** Why two normalised names look like the same company, or undefined when they do not. */
export function nameLikeness(a: string, b: string, minimumSimilarity: number): string | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  if (a === b) return 'same name';
  // The same words in another order have the same length: only then is sorting them worth it.
  if (a.length === b.length && sortedWords(a) === sortedWords(b)) return 'same name, words in another order';
  const longest = Math.max(a.length, b.length);
  const allowed = Math.floor(longest * (1 - minimumSimilarity));
  if (allowed > 0 && editDistanceWithin(a, b, allowed) !== undefined) return 'similar name';
  return undefined;
}

/** Known partners that are probably the same company as `candidate`, by name or web domain. */
export function likelyDuplicates(
  candidate: KnownPartner,
  known: Readonly<Record<string, KnownPartner>>,
  minimumSimilarity: number,
): LikelyDuplicate[] {
  const found: LikelyDuplicate[] = [];
  for (const [partnerId, partner] of Object.entries(known)) {
    if (partner.merged) continue;
    const reasons = [
      nameLikeness(candidate.normalisedName, partner.normalisedName, minimumSimilarity),
      candidate.webDomain !== undefined && candidate.webDomain === partner.webDomain
        ? `same web domain ${partner.webDomain}`
        : undefined,
    ].filter((reason): reason is string => reason !== undefined);
    if (reasons.length > 0) found.push({ partnerId, name: partner.name, reason: reasons.join(', ') });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.partnerId.localeCompare(b.partnerId));
}
