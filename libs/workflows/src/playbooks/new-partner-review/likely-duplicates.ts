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

// Scratch rows reused across calls: this runs once per known partner for every new one.
let previousRow = new Uint16Array(64);
let currentRow = new Uint16Array(64);

/**
 * Edit distance with a cap, or undefined once it must exceed `max`. Only the band of cells within `max`
 * of the diagonal can stay within the cap (Ukkonen), so each row computes at most 2 * max + 1 cells.
 */
export function editDistanceWithin(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  const over = max + 1;
  if (previousRow.length <= b.length + 1) {
    previousRow = new Uint16Array(2 * (b.length + 1));
    currentRow = new Uint16Array(2 * (b.length + 1));
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    // Cells just outside the band count as over the cap: the next row reads them.
    current[from - 1] = from === 1 ? Math.min(i, over) : over;
    if (to < b.length) current[to + 1] = over;
    let rowMinimum = current[from - 1] ?? over;
    const code = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] ?? over) + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const cell = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, substitution, over);
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (rowMinimum > max) return undefined;
    [previous, current] = [current, previous];
  }
  const distance = previous[b.length] ?? over;
  return distance <= max ? distance : undefined;
}

const wordOrders = new Map<string, string>();

/** The name's words in sorted order; remembered, since every new partner is compared with every known one. */
function sortedWords(name: string): string {
  let sorted = wordOrders.get(name);
  if (sorted === undefined) {
    if (wordOrders.size >= 100_000) wordOrders.clear();
    sorted = name.split(' ').sort().join(' ');
    wordOrders.set(name, sorted);
  }
  return sorted;
}

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
