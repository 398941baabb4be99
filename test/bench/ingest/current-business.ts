import type { CampusEventType } from '@continuum/campus-integration';

const DAY_MS = 86_400_000;

/** `days` after `today`, as the contract's calendar date. */
const dayAfter = (today: Date, days: number): string =>
  new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);

type Weighted = readonly (readonly [amount: string, weight: number])[];

/** Corporate gifts, small ones most often: about one in seven reaches the major-gift threshold (25,000 USD). */
const giftAmounts: Weighted = [
  ['1000.00', 22],
  ['2500.00', 20],
  ['5000.00', 18],
  ['10000.00', 15],
  ['15000.00', 10],
  ['25000.00', 8],
  ['50000.00', 5],
  ['100000.00', 2],
];

/** Pledges run larger: about one in three is major. */
const pledgeAmounts: Weighted = [
  ['10000.00', 40],
  ['20000.00', 30],
  ['50000.00', 20],
  ['100000.00', 10],
];

function pick(weighted: Weighted, next: () => number): string {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let at = next() * total;
  for (const [amount, weight] of weighted) {
    at -= weight;
    if (at < 0) return amount;
  }
  return weighted[weighted.length - 1]?.[0] ?? '1000.00';
}

/** A whole number of days in [from, to]. */
const daysBetween = (from: number, to: number, next: () => number): number =>
  from + Math.floor(next() * (to - from + 1));

/**
 * The sample's data as a campus system sends it on the day it happens: business dates around `today`
 * (agreements run one to three years, placements start within two months; lines begun before the run started
 * months ago) and gift sizes that vary.
 * The samples' own fixed dates lie months back, which makes every follow-up timed from them due at once.
 */
export function asOfToday(
  type: CampusEventType,
  data: Record<string, unknown>,
  today: Date,
  next: () => number,
  /** A line that began before the run (the warm-up's): it started months ago, so it can end or complete today. */
  begunBefore = false,
): Record<string, unknown> {
  const on = (days: number): string => dayAfter(today, days);
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  switch (type) {
    case 'edu.university.research.agreement-signed.v1': {
      const start = begunBefore ? -daysBetween(30, 300, next) : 0;
      return { ...data, effectiveDate: on(start), endDate: on(start + daysBetween(365, 1095, next)) };
    }
    case 'edu.university.research.agreement-amended.v1':
      return { ...data, endDate: on(daysBetween(1200, 1500, next)) };
    case 'edu.university.research.agreement-terminated.v1':
      return { ...data, terminatedOn: on(0) };
    case 'edu.university.careers.intern-placed.v1': {
      const start = begunBefore ? -daysBetween(60, 100, next) : daysBetween(14, 60, next);
      return { ...data, startDate: on(start), endDate: on(start + daysBetween(70, 110, next)) };
    }
    case 'edu.university.careers.recruiting-event-attended.v1':
      return { ...data, date: on(0) };
    case 'edu.university.advancement.gift-received.v1':
      return { ...data, receivedOn: on(0), amount: usd(pick(giftAmounts, next)) };
    case 'edu.university.advancement.pledge-made.v1':
      return { ...data, madeOn: on(0), dueBy: on(3 * 365), amount: usd(pick(pledgeAmounts, next)) };
    case 'edu.university.curriculum.advisory-seat-accepted.v1':
      return { ...data, termStart: on(0), termEnd: on(3 * 365) };
    case 'edu.university.workforce.training-contract-signed.v1':
      return { ...data, startDate: on(30), endDate: on(330) };
    case 'edu.university.tech-transfer.license-executed.v1':
      return { ...data, executedOn: on(0) };
    case 'edu.university.careers.placement-completed.v1':
    case 'edu.university.curriculum.capstone-sponsored.v1':
      return data;
  }
}
