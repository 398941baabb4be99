import { fromMinor, toMinor, type Money } from '@continuum/kernel';
import type { EntityManager } from 'typeorm';
import type { FiscalYear } from './fiscal-year';
import { portfolioLines, type PortfolioItem, type PortfolioLine } from './portfolio-facts';
import { portfolioTables } from './portfolio.projection';

const view = (table: string): string => `read_models."${table}"`;
const ITEMS = view(portfolioTables.items);
const PLEDGE_BALANCE = view(portfolioTables.pledgeBalance);
const ACTIVITY = view(portfolioTables.activity);
const PARTNERS = view(portfolioTables.partners);

/** Merged duplicates resolve to their final survivor (chains included), so their lines count once, there. */
const OWNERS = `owners AS (
  WITH RECURSIVE chain AS (
    SELECT partner_id, survivor_id AS owner_id, 1 AS depth FROM ${PARTNERS} WHERE survivor_id IS NOT NULL
    UNION ALL
    SELECT chain.partner_id, next.survivor_id, chain.depth + 1
      FROM chain JOIN ${PARTNERS} next ON next.partner_id = chain.owner_id AND next.survivor_id IS NOT NULL
     WHERE chain.depth < 16)
  SELECT DISTINCT ON (partner_id) partner_id, owner_id FROM chain ORDER BY partner_id, depth DESC)`;

/** Line events per (surviving) partner in the window `[$1, $2)`. */
const PARTNER_ACTIVITY = `WITH ${OWNERS},
  active AS (
    SELECT COALESCE(owners.owner_id, a.partner_id) AS partner_id, a.line
      FROM ${ACTIVITY} a LEFT JOIN owners ON owners.partner_id = a.partner_id
     WHERE a.on_day >= $1::date AND a.on_day < $2::date),
  per_partner AS (
    SELECT partner_id, count(*)::int AS events, array_agg(DISTINCT line) AS lines
      FROM active GROUP BY partner_id)`;

export interface PartnerActivity {
  readonly partnerId: string;
  readonly name: string | null;
  /** Line events dated in the year. */
  readonly activity: number;
  readonly lines: readonly PortfolioLine[];
}

export interface StrategicAccount extends PartnerActivity {
  readonly tier: 'strategic';
}

export interface LineTotals {
  readonly research: {
    readonly agreements: {
      readonly count: number;
      readonly value: readonly Money[];
      readonly byKind: readonly {
        readonly kind: string;
        readonly count: number;
        readonly value: readonly Money[];
      }[];
    };
  };
  readonly placements: { readonly placements: number; readonly hires: number };
  readonly recruiting: { readonly attendances: number; readonly recruiters: number };
  readonly giving: {
    readonly gifts: { readonly count: number; readonly total: readonly Money[] };
    readonly pledges: {
      readonly count: number;
      readonly made: readonly Money[];
      /** Still owed on every pledge at the end of `outstandingAsOf`. */
      readonly outstanding: readonly Money[];
      readonly outstandingAsOf: string;
    };
  };
  readonly advisory: { readonly seats: number };
  readonly capstones: { readonly capstones: number; readonly value: readonly Money[] };
  readonly training: { readonly contracts: number; readonly seats: number; readonly value: readonly Money[] };
  readonly licensing: { readonly licences: number; readonly upfrontFees: readonly Money[] };
}

interface TotalsRow {
  item: PortfolioItem;
  subtype: string | null;
  currency: string | null;
  by_subtype: number;
  by_currency: number;
  count: number;
  amount: string | null;
  quantity: number;
}

interface ActivityRow {
  partnerId: string;
  name: string | null;
  events: number;
  lines: string[];
}

/** Exact decimal as the kernel writes money (at least two fraction digits). */
const exact = (amount: string): string => fromMinor(toMinor(amount));

const inLineOrder = (lines: readonly string[]): PortfolioLine[] =>
  portfolioLines.filter((line) => lines.includes(line));

const activityOf = (row: ActivityRow): PartnerActivity => ({
  partnerId: row.partnerId,
  name: row.name,
  activity: row.events,
  lines: inLineOrder(row.lines),
});

/** Where the portfolio reads: a DataSource, or a transaction's manager for one consistent snapshot. */
export type PortfolioReader = Pick<EntityManager, 'query'>;

/** The portfolio's questions, answered from the read_models views with the query's own window. */
export class PortfolioQueries {
  constructor(private readonly reader: PortfolioReader) {}

  /** Totals per line of items dated in the year; money summed as SQL numeric, per currency. */
  async lineTotals(year: FiscalYear, today: string): Promise<LineTotals> {
    const rows = await this.reader.query<TotalsRow[]>(
      `SELECT item, subtype, currency,
              GROUPING(subtype) AS by_subtype, GROUPING(currency) AS by_currency,
              count(*)::int AS count, sum(amount)::text AS amount,
              COALESCE(sum(quantity), 0)::int AS quantity
         FROM ${ITEMS}
        WHERE on_day >= $1::date AND on_day < $2::date
        GROUP BY GROUPING SETS ((item), (item, currency), (item, subtype), (item, subtype, currency))
        ORDER BY item, subtype NULLS FIRST, currency NULLS FIRST`,
      [year.from, year.until],
    );
    const whole = (item: PortfolioItem): TotalsRow | undefined =>
      rows.find((row) => row.item === item && row.by_subtype === 1 && row.by_currency === 1);
    const count = (item: PortfolioItem): number => whole(item)?.count ?? 0;
    const quantity = (item: PortfolioItem): number => whole(item)?.quantity ?? 0;
    const money = (item: PortfolioItem, subtype?: string): Money[] =>
      rows
        .filter(
          (row) =>
            row.item === item &&
            row.by_currency === 0 &&
            row.currency !== null &&
            row.amount !== null &&
            (subtype === undefined ? row.by_subtype === 1 : row.by_subtype === 0 && row.subtype === subtype),
        )
        .map((row) => ({ amount: exact(row.amount ?? '0'), currency: row.currency ?? '' }));
    const byKind = rows
      .filter((row) => row.item === 'agreement' && row.by_subtype === 0 && row.by_currency === 1)
      .map((row) => ({
        kind: row.subtype ?? 'OTHER',
        count: row.count,
        value: money('agreement', row.subtype ?? 'OTHER'),
      }));
    // A year still running counts what is owed today; a closed one, what was owed when it closed.
    const outstandingAsOf = year.to < today ? year.to : today;
    const outstanding = await this.reader.query<{ currency: string; amount: string }[]>(
      `SELECT currency, sum(change)::text AS amount FROM ${PLEDGE_BALANCE}
        WHERE on_day <= $1::date GROUP BY currency HAVING sum(change) <> 0 ORDER BY currency`,
      [outstandingAsOf],
    );
    return {
      research: { agreements: { count: count('agreement'), value: money('agreement'), byKind } },
      placements: { placements: count('placement'), hires: count('hire') },
      recruiting: {
        attendances: count('recruiting-attendance'),
        recruiters: quantity('recruiting-attendance'),
      },
      giving: {
        gifts: { count: count('gift'), total: money('gift') },
        pledges: {
          count: count('pledge'),
          made: money('pledge'),
          outstanding: outstanding.map((row) => ({ amount: exact(row.amount), currency: row.currency })),
          outstandingAsOf,
        },
      },
      advisory: { seats: count('advisory-seat') },
      capstones: { capstones: count('capstone'), value: money('capstone') },
      training: {
        contracts: count('training-contract'),
        seats: quantity('training-contract'),
        value: money('training-contract'),
      },
      licensing: { licences: count('license'), upfrontFees: money('license') },
    };
  }

  /** Partners with line events in `minLines` lines or more in the year: most lines first. */
  async partnersInLines(year: FiscalYear, minLines: number): Promise<PartnerActivity[]> {
    const rows = await this.reader.query<ActivityRow[]>(
      `${PARTNER_ACTIVITY}
       SELECT x.partner_id AS "partnerId", p.name, x.events, x.lines
         FROM per_partner x LEFT JOIN ${PARTNERS} p ON p.partner_id = x.partner_id
        WHERE cardinality(x.lines) >= $3
        ORDER BY cardinality(x.lines) DESC, x.events DESC, x.partner_id`,
      [year.from, year.until, minLines],
    );
    return rows.map(activityOf);
  }

  /** The partners with the most line events in the year (ties by id). */
  async mostActivePartners(year: FiscalYear, limit: number): Promise<PartnerActivity[]> {
    const rows = await this.reader.query<ActivityRow[]>(
      `${PARTNER_ACTIVITY}
       SELECT x.partner_id AS "partnerId", p.name, x.events, x.lines
         FROM per_partner x LEFT JOIN ${PARTNERS} p ON p.partner_id = x.partner_id
        ORDER BY x.events DESC, x.partner_id
        LIMIT $3`,
      [year.from, year.until, limit],
    );
    return rows.map(activityOf);
  }

  /** Partners at tier strategic today (merged duplicates aside), with their activity in the year. */
  async strategicAccounts(year: FiscalYear): Promise<StrategicAccount[]> {
    const rows = await this.reader.query<ActivityRow[]>(
      `${PARTNER_ACTIVITY}
       SELECT p.partner_id AS "partnerId", p.name, COALESCE(x.events, 0) AS events,
              COALESCE(x.lines, '{}'::text[]) AS lines
         FROM ${PARTNERS} p LEFT JOIN per_partner x ON x.partner_id = p.partner_id
        WHERE p.tier = 'strategic' AND p.survivor_id IS NULL
        ORDER BY COALESCE(x.events, 0) DESC, p.name, p.partner_id`,
      [year.from, year.until],
    );
    return rows.map((row) => ({ ...activityOf(row), tier: 'strategic' }));
  }
}
