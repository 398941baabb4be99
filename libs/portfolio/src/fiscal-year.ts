/** Month (1–12) the fiscal year starts on: FY N runs from the 1st of this month in N-1 to the day before it in N. */
export const FISCAL_YEAR_START_MONTH = 7;

/** One fiscal year as UTC days: `from` inclusive, `until` exclusive, `to` its last day. */
export interface FiscalYear {
  readonly fiscalYear: number;
  readonly from: string;
  readonly to: string;
  readonly until: string;
}

const day = (instant: Date): string => instant.toISOString().slice(0, 10);

function assertStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12)
    throw new RangeError(`A fiscal year cannot start in month ${startMonth}`);
}

/** FY N: named after the calendar year it ends in (a January start makes it the calendar year). */
export function fiscalYear(year: number, startMonth = FISCAL_YEAR_START_MONTH): FiscalYear {
  assertStartMonth(startMonth);
  const firstYear = startMonth === 1 ? year : year - 1;
  const from = new Date(Date.UTC(firstYear, startMonth - 1, 1));
  const until = new Date(Date.UTC(firstYear + 1, startMonth - 1, 1));
  return {
    fiscalYear: year,
    from: day(from),
    to: day(new Date(until.getTime() - 86_400_000)),
    until: day(until),
  };
}

/** The fiscal year a UTC day or instant falls in. */
export function fiscalYearOf(instant: Date, startMonth = FISCAL_YEAR_START_MONTH): number {
  assertStartMonth(startMonth);
  const year = instant.getUTCFullYear();
  return startMonth > 1 && instant.getUTCMonth() + 1 >= startMonth ? year + 1 : year;
}
