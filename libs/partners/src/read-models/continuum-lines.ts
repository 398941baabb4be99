/** The ways a company engages with the university, as the 360, the list filter and the score name them. */
export const continuumLines = [
  'research',
  'placements',
  'recruiting',
  'giving',
  'advisory',
  'capstones',
  'training',
  'licensing',
] as const;
export type ContinuumLine = (typeof continuumLines)[number];

export const isContinuumLine = (value: string): value is ContinuumLine =>
  (continuumLines as readonly string[]).includes(value);

/** One row of `partner_engagements` per item; interactions are not a line but count for recency and volume. */
export const engagementItems = {
  agreement: 'research',
  placement: 'placements',
  'recruiting-event': 'recruiting',
  gift: 'giving',
  pledge: 'giving',
  'advisory-seat': 'advisory',
  capstone: 'capstones',
  'training-contract': 'training',
  license: 'licensing',
  interaction: 'interactions',
} as const satisfies Record<string, ContinuumLine | 'interactions'>;
export type EngagementItem = keyof typeof engagementItems;

/** Items that happen on one day; the others run from their start until they close or end. */
export const pointItems: readonly EngagementItem[] = ['gift', 'recruiting-event', 'interaction'];

/** Month and day a year starts on (UTC); change here to move every "this year" figure. */
export interface YearStart {
  readonly month: number;
  readonly day: number;
}

export const ACADEMIC_YEAR_START: YearStart = { month: 9, day: 1 };
export const FISCAL_YEAR_START: YearStart = { month: 7, day: 1 };
/** How far back a line still counts as active, and over which depth is measured. */
export const ACTIVE_WINDOW_MONTHS = 24;

export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** A contract's day (`2025-03-04`, or a timestamp, taken as its UTC day); `fallback` when it is no date at all. */
export function dayOf(text: string, fallback: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? fallback : isoDay(parsed);
}

const utcDay = (year: number, monthIndex: number, day: number): string =>
  isoDay(new Date(Date.UTC(year, monthIndex, day)));

/** The year (academic, fiscal) that `asOf` falls in: `[from, to)` as YYYY-MM-DD. */
export function yearContaining(start: YearStart, asOf: Date): { from: string; to: string } {
  const year = asOf.getUTCFullYear();
  const startsThisCalendarYear = utcDay(year, start.month - 1, start.day);
  const first = isoDay(asOf) >= startsThisCalendarYear ? year : year - 1;
  return {
    from: utcDay(first, start.month - 1, start.day),
    to: utcDay(first + 1, start.month - 1, start.day),
  };
}

/** `[from, to]` (inclusive days): the last ACTIVE_WINDOW_MONTHS months up to `asOf`. */
export function activeWindow(asOf: Date, months = ACTIVE_WINDOW_MONTHS): { from: string; to: string } {
  const from = utcDay(asOf.getUTCFullYear(), asOf.getUTCMonth() - months, asOf.getUTCDate());
  return { from, to: isoDay(asOf) };
}
