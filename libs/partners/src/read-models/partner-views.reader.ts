import { formatPosition } from '@continuum/event-store';
import { money, type Money } from '@continuum/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerTier } from '../partner.events';
import {
  ACADEMIC_YEAR_START,
  activeWindow,
  FISCAL_YEAR_START,
  isContinuumLine,
  yearContaining,
  type ContinuumLine,
  type EngagementItem,
  type YearStart,
} from './continuum-lines';
import {
  engagementScore,
  engagementScoreModel,
  type EngagementFacts,
  type EngagementScore,
} from './engagement-score';
import { decodeCursor, encodeCursor, InvalidCursorError } from './page-cursor';
import { partner360Tables } from './partner-360.projection';
import { searchPatterns } from './partner-search';
import { partnerTimelineTable } from './partner-timeline.projection';

const RM = 'read_models';
const PROFILES = `${RM}.${partner360Tables.profiles}`;
const LINKS = `${RM}.${partner360Tables.externalLinks}`;
const ALIASES = `${RM}.${partner360Tables.aliases}`;
const ENGAGEMENTS = `${RM}.${partner360Tables.engagements}`;
const TASKS = `${RM}.${partner360Tables.tasks}`;
const TIMELINE = `${RM}.${partnerTimelineTable}`;
const STAFF = `${RM}.staff_directory`;

export interface Page<Item> {
  readonly items: readonly Item[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

export interface StaffRef {
  readonly staffId: string;
  /** From the staff directory; null when the id is not (yet) registered there. */
  readonly name: string | null;
}

export interface MergedPartnerView {
  readonly partnerId: string;
  readonly name: string;
  /** The survivor this partner was merged into: its 360 counts this partner's lines. */
  readonly mergedInto: string;
}

interface KindTotal {
  readonly count: number;
  readonly inForce: number;
}

export interface Partner360 {
  readonly partnerId: string;
  readonly name: string;
  readonly webDomain: string | null;
  readonly industry: string | null;
  readonly region: string | null;
  readonly tier: PartnerTier;
  readonly owner: StaffRef | null;
  readonly executiveSponsor: StaffRef | null;
  readonly externalLinks: readonly { readonly system: string; readonly externalId: string }[];
  /** Partners merged into this one: their lines count here. */
  readonly mergedDuplicates: readonly string[];
  readonly asOf: string;
  readonly periods: {
    readonly academicYear: { readonly from: string; readonly to: string };
    readonly fiscalYear: { readonly from: string; readonly to: string };
    readonly activeWindow: { readonly from: string; readonly to: string };
  };
  readonly lines: {
    readonly research: {
      readonly active: boolean;
      readonly agreements: number;
      readonly inForce: number;
      readonly totalValue: readonly Money[];
      readonly nextEndDate: string | null;
      readonly byKind: readonly (KindTotal & {
        readonly kind: string;
        readonly totalValue: readonly Money[];
      })[];
    };
    readonly placements: {
      readonly active: boolean;
      readonly thisAcademicYear: { readonly placements: number; readonly hires: number };
      readonly allTime: { readonly placements: number; readonly hires: number; readonly completed: number };
    };
    readonly recruiting: {
      readonly active: boolean;
      readonly eventsAttended: { readonly thisAcademicYear: number; readonly allTime: number };
      readonly lastAttendedOn: string | null;
    };
    readonly giving: {
      readonly active: boolean;
      readonly gifts: {
        readonly count: number;
        readonly thisFiscalYear: readonly Money[];
        readonly allTime: readonly Money[];
      };
      readonly pledges: {
        readonly count: number;
        readonly open: number;
        readonly outstanding: readonly Money[];
      };
    };
    readonly advisory: {
      readonly active: boolean;
      readonly seats: { readonly current: number; readonly allTime: number };
      readonly currentBoards: readonly string[];
    };
    readonly capstones: {
      readonly active: boolean;
      readonly sponsored: number;
      readonly inProgress: number;
      readonly completed: number;
      readonly totalValue: readonly Money[];
    };
    readonly training: {
      readonly active: boolean;
      readonly contracts: number;
      readonly inForce: number;
      readonly seats: { readonly inForce: number; readonly allTime: number };
      readonly totalValue: readonly Money[];
    };
    readonly licensing: {
      readonly active: boolean;
      readonly licenses: number;
      readonly inForce: number;
      readonly byType: readonly (KindTotal & { readonly type: string })[];
      readonly upfrontFees: readonly Money[];
    };
  };
  readonly lastInteraction: { readonly at: string; readonly kind: string; readonly summary: string } | null;
  readonly openTasks: number;
  readonly engagement: EngagementScore;
}

export const partnerSorts = ['name', 'score', 'lastActivity'] as const;
export type PartnerSort = (typeof partnerSorts)[number];

export interface PartnerListQuery {
  readonly search?: string;
  readonly tier?: PartnerTier;
  readonly owner?: string;
  /** Only partners with this line active (in the engagement window). */
  readonly line?: ContinuumLine;
  readonly sort: PartnerSort;
  readonly limit: number;
  readonly cursor?: string;
}

export interface PartnerListItem {
  readonly partnerId: string;
  readonly name: string;
  readonly webDomain: string | null;
  readonly tier: PartnerTier;
  readonly ownerId: string | null;
  readonly activeLines: readonly ContinuumLine[];
  readonly lastActivityAt: string | null;
  readonly score: number;
}

export interface TimelineEntry {
  readonly at: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly summary: string;
  readonly stream: string;
  readonly position: string;
  /** The partner the event names: a duplicate merged into this one shows its own id. */
  readonly partnerId: string;
}

/** Builds numbered parameters as the SQL is written. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

interface FactsRow {
  active_lines: string[];
  last_activity_at: Date | null;
  value: string;
  volume: number;
}

/** The score's facts over the engagements whose partner is in `members` (an SQL text[] expression). */
function factsSelect(members: string, params: Parameters, asOf: Date): string {
  const window = activeWindow(asOf);
  const from = params.add(window.from);
  const to = params.add(window.to);
  const currency = params.add(engagementScoreModel.currency);
  return `SELECT
      COALESCE(array_agg(DISTINCT e.line) FILTER (
        WHERE e.line <> 'interactions' AND (e.active_until IS NULL OR e.active_until >= ${from}::date)), '{}') AS active_lines,
      max(e.last_event_at) AS last_activity_at,
      COALESCE(sum(e.value_amount) FILTER (
        WHERE e.item <> 'pledge' AND e.value_currency = ${currency} AND e.starts_on BETWEEN ${from}::date AND ${to}::date
      ), 0)::text AS value,
      count(*) FILTER (WHERE e.starts_on BETWEEN ${from}::date AND ${to}::date)::int AS volume
    FROM ${ENGAGEMENTS} e WHERE e.partner_id = ANY(${members})`;
}

const factsOf = (row: FactsRow): EngagementFacts => ({
  activeLines: row.active_lines.filter(isContinuumLine),
  lastActivityAt: row.last_activity_at ? row.last_activity_at.toISOString() : null,
  value: row.value,
  volume: row.volume,
});

interface CountRow {
  item: EngagementItem;
  kind: string | null;
  total: number;
  in_force: number;
  this_academic_year: number;
  hires: number;
  hires_this_academic_year: number;
  completed: number;
  seats_in_force: number;
  seats: number;
  next_end_on: string | null;
  last_on: string | null;
  titles_in_force: string[] | null;
}

interface MoneyRow {
  item: EngagementItem;
  kind: string | null;
  all_kinds: boolean;
  currency: string;
  total: string;
  this_fiscal_year: string;
  outstanding: string;
}

/** Figures of one partner's items, grouped by item and kind. */
class Figures {
  constructor(
    private readonly counts: readonly CountRow[],
    private readonly amounts: readonly MoneyRow[],
  ) {}

  rows(item: EngagementItem): CountRow[] {
    return this.counts.filter((row) => row.item === item);
  }

  sum(
    item: EngagementItem,
    field:
      | 'total'
      | 'in_force'
      | 'this_academic_year'
      | 'hires'
      | 'hires_this_academic_year'
      | 'completed'
      | 'seats_in_force'
      | 'seats',
  ): number {
    return this.rows(item).reduce((total, row) => total + row[field], 0);
  }

  earliest(item: EngagementItem, field: 'next_end_on'): string | null {
    return this.rows(item).reduce<string | null>((min, row) => {
      const value = row[field];
      return value !== null && (min === null || value < min) ? value : min;
    }, null);
  }

  latest(item: EngagementItem, field: 'last_on'): string | null {
    return this.rows(item).reduce<string | null>((max, row) => {
      const value = row[field];
      return value !== null && (max === null || value > max) ? value : max;
    }, null);
  }

  titlesInForce(item: EngagementItem): string[] {
    return [...new Set(this.rows(item).flatMap((row) => row.titles_in_force ?? []))].sort();
  }

  /** Summed by PostgreSQL (numeric), per currency: `kind` undefined = all kinds of the item. */
  money(
    item: EngagementItem,
    field: 'total' | 'this_fiscal_year' | 'outstanding',
    kind?: string | null,
  ): Money[] {
    return this.amounts
      .filter(
        (row) =>
          row.item === item && (kind === undefined ? row.all_kinds : !row.all_kinds && row.kind === kind),
      )
      .map((row) => money(row[field], row.currency));
  }

  byKind(item: EngagementItem): { kind: string; count: number; inForce: number; totalValue: Money[] }[] {
    return this.rows(item)
      .map((row) => ({
        kind: row.kind ?? 'UNSPECIFIED',
        count: row.total,
        inForce: row.in_force,
        totalValue: this.money(item, 'total', row.kind),
      }))
      .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }
}

type NameKey = Pick<Candidate, 'sortName' | 'partnerId'>;

const byName = (a: NameKey, b: NameKey): number =>
  a.sortName < b.sortName
    ? -1
    : a.sortName > b.sortName
      ? 1
      : a.partnerId < b.partnerId
        ? -1
        : a.partnerId > b.partnerId
          ? 1
          : 0;

interface ListRow extends FactsRow {
  partner_id: string;
  name: string;
  sort_name: string;
  web_domain: string | null;
  tier: PartnerTier;
  owner_id: string | null;
}

type Candidate = PartnerListItem & { readonly sortName: string };

/** Queries over the partner read models; every "this year" or "last 24 months" cut uses `asOf`. */
export class PartnerViewsReader {
  constructor(
    private readonly dataSource: DataSource,
    /** Where "gifts this fiscal year" starts; the portfolio's FISCAL_YEAR_START_MONTH, 1 July by default. */
    private readonly fiscalYearStart: YearStart = FISCAL_YEAR_START,
  ) {}

  /** Undefined when no such partner is registered. */
  async partner360(partnerId: string, asOf: Date): Promise<Partner360 | MergedPartnerView | undefined> {
    // One snapshot for every figure, so the 360 never mixes two moments of the projection.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [profile] = await manager.query<
        {
          partner_id: string;
          name: string;
          web_domain: string | null;
          industry: string | null;
          region: string | null;
          tier: PartnerTier;
          owner_id: string | null;
          owner_name: string | null;
          sponsor_id: string | null;
          sponsor_name: string | null;
          merged_into: string | null;
        }[]
      >(
        `SELECT p.partner_id, p.name, p.web_domain, p.industry, p.region, p.tier, p.merged_into,
                p.owner_id, o.name AS owner_name, p.sponsor_id, s.name AS sponsor_name
         FROM ${PROFILES} p
         LEFT JOIN ${STAFF} o ON o.staff_id = p.owner_id
         LEFT JOIN ${STAFF} s ON s.staff_id = p.sponsor_id
         WHERE p.partner_id = $1`,
        [partnerId],
      );
      if (!profile) return undefined;
      if (profile.merged_into !== null)
        return { partnerId: profile.partner_id, name: profile.name, mergedInto: profile.merged_into };

      const members = await this.members(manager, partnerId);
      const academicYear = yearContaining(ACADEMIC_YEAR_START, asOf);
      const fiscalYear = yearContaining(this.fiscalYearStart, asOf);
      const today = activeWindow(asOf).to;
      const figures = new Figures(
        await this.counts(manager, members, today, academicYear),
        await this.amounts(manager, members, fiscalYear),
      );
      const params = new Parameters();
      const membersParam = `${params.add(members)}::text[]`;
      const [factsRow] = await manager.query<FactsRow[]>(
        factsSelect(membersParam, params, asOf),
        params.values,
      );
      const facts = factsOf(factsRow ?? { active_lines: [], last_activity_at: null, value: '0', volume: 0 });
      const active = (line: ContinuumLine): boolean => facts.activeLines.includes(line);
      const links = await manager.query<{ system: string; external_id: string }[]>(
        `SELECT system, external_id FROM ${LINKS} WHERE partner_id = $1 ORDER BY system, external_id`,
        [partnerId],
      );
      const [interaction] = await manager.query<{ occurred_at: Date; kind: string; title: string }[]>(
        `SELECT occurred_at, kind, title FROM ${ENGAGEMENTS}
         WHERE partner_id = ANY($1::text[]) AND item = 'interaction'
         ORDER BY occurred_at DESC, item_id LIMIT 1`,
        [members],
      );
      const [tasks] = await manager.query<{ open: number }[]>(
        `SELECT count(*)::int AS open FROM ${TASKS} WHERE partner_id = ANY($1::text[]) AND open`,
        [members],
      );
      const staffRef = (staffId: string | null, name: string | null): StaffRef | null =>
        staffId === null ? null : { staffId, name };

      return {
        partnerId: profile.partner_id,
        name: profile.name,
        webDomain: profile.web_domain,
        industry: profile.industry,
        region: profile.region,
        tier: profile.tier,
        owner: staffRef(profile.owner_id, profile.owner_name),
        executiveSponsor: staffRef(profile.sponsor_id, profile.sponsor_name),
        externalLinks: links.map((link) => ({ system: link.system, externalId: link.external_id })),
        mergedDuplicates: members.filter((member) => member !== partnerId).sort(),
        asOf: asOf.toISOString(),
        periods: { academicYear, fiscalYear, activeWindow: activeWindow(asOf) },
        lines: {
          research: {
            active: active('research'),
            agreements: figures.sum('agreement', 'total'),
            inForce: figures.sum('agreement', 'in_force'),
            totalValue: figures.money('agreement', 'total'),
            nextEndDate: figures.earliest('agreement', 'next_end_on'),
            byKind: figures.byKind('agreement'),
          },
          placements: {
            active: active('placements'),
            thisAcademicYear: {
              placements: figures.sum('placement', 'this_academic_year'),
              hires: figures.sum('placement', 'hires_this_academic_year'),
            },
            allTime: {
              placements: figures.sum('placement', 'total'),
              hires: figures.sum('placement', 'hires'),
              completed: figures.sum('placement', 'completed'),
            },
          },
          recruiting: {
            active: active('recruiting'),
            eventsAttended: {
              thisAcademicYear: figures.sum('recruiting-event', 'this_academic_year'),
              allTime: figures.sum('recruiting-event', 'total'),
            },
            lastAttendedOn: figures.latest('recruiting-event', 'last_on'),
          },
          giving: {
            active: active('giving'),
            gifts: {
              count: figures.sum('gift', 'total'),
              thisFiscalYear: figures.money('gift', 'this_fiscal_year'),
              allTime: figures.money('gift', 'total'),
            },
            pledges: {
              count: figures.sum('pledge', 'total'),
              open: figures.sum('pledge', 'in_force'),
              outstanding: figures.money('pledge', 'outstanding'),
            },
          },
          advisory: {
            active: active('advisory'),
            seats: {
              current: figures.sum('advisory-seat', 'in_force'),
              allTime: figures.sum('advisory-seat', 'total'),
            },
            currentBoards: figures.titlesInForce('advisory-seat'),
          },
          capstones: {
            active: active('capstones'),
            sponsored: figures.sum('capstone', 'total'),
            inProgress: figures.sum('capstone', 'in_force'),
            completed: figures.sum('capstone', 'completed'),
            totalValue: figures.money('capstone', 'total'),
          },
          training: {
            active: active('training'),
            contracts: figures.sum('training-contract', 'total'),
            inForce: figures.sum('training-contract', 'in_force'),
            seats: {
              inForce: figures.sum('training-contract', 'seats_in_force'),
              allTime: figures.sum('training-contract', 'seats'),
            },
            totalValue: figures.money('training-contract', 'total'),
          },
          licensing: {
            active: active('licensing'),
            licenses: figures.sum('license', 'total'),
            inForce: figures.sum('license', 'in_force'),
            byType: figures
              .byKind('license')
              .map(({ kind, count, inForce }) => ({ type: kind, count, inForce })),
            upfrontFees: figures.money('license', 'total'),
          },
        },
        lastInteraction: interaction
          ? { at: interaction.occurred_at.toISOString(), kind: interaction.kind, summary: interaction.title }
          : null,
        openTasks: tasks?.open ?? 0,
        engagement: engagementScore(facts, asOf),
      };
    });
  }

  /**
   * Partners that are not merged away, filtered, in the order asked. By name the database pages with a
   * keyset; by score or last activity (both cut at `asOf`) every match is scored, then paged.
   */
  async list(query: PartnerListQuery, asOf: Date): Promise<Page<PartnerListItem>> {
    const params = new Parameters();
    const members = `ARRAY(SELECT p.partner_id UNION ALL SELECT a.partner_id FROM ${ALIASES} a WHERE a.root_id = p.partner_id)`;
    const facts = factsSelect(members, params, asOf);
    const where = ['p.merged_into IS NULL'];
    const search = query.search?.trim();
    if (search) {
      const patterns = searchPatterns(search);
      if (patterns.length > 0)
        where.push(
          `(${patterns.map((pattern) => `p.search_text LIKE ${params.add(pattern)}`).join(' OR ')})`,
        );
    }
    if (query.tier) where.push(`p.tier = ${params.add(query.tier)}`);
    if (query.owner) where.push(`p.owner_id = ${params.add(query.owner)}`);
    if (query.line) where.push(`${params.add(query.line)} = ANY(f.active_lines)`);
    let limit = '';
    if (query.sort === 'name') {
      if (query.cursor) {
        const [sortName, partnerId] = decodeCursor('name', query.cursor, ['string', 'string']);
        where.push(`(p.sort_name, p.partner_id) > (${params.add(sortName)}, ${params.add(partnerId)})`);
      }
      limit = `LIMIT ${params.add(query.limit + 1)}`;
    }
    const rows = await this.dataSource.query<ListRow[]>(
      `SELECT p.partner_id, p.name, p.sort_name, p.web_domain, p.tier, p.owner_id,
              f.active_lines, f.last_activity_at, f.value, f.volume
       FROM ${PROFILES} p CROSS JOIN LATERAL (${facts}) f
       WHERE ${where.join(' AND ')}
       ORDER BY p.sort_name, p.partner_id ${limit}`,
      params.values,
    );
    const candidates: Candidate[] = rows.map((row) => {
      const rowFacts = factsOf(row);
      const { score, components } = engagementScore(rowFacts, asOf);
      return {
        partnerId: row.partner_id,
        name: row.name,
        sortName: row.sort_name,
        webDomain: row.web_domain,
        tier: row.tier,
        ownerId: row.owner_id,
        activeLines: components.breadth.activeLines,
        lastActivityAt: rowFacts.lastActivityAt,
        score,
      };
    });
    if (query.sort === 'name')
      return page(candidates, query.limit, (last) => encodeCursor('name', [last.sortName, last.partnerId]));
    if (query.sort === 'score') return pageByScore(candidates, query);
    return pageByLastActivity(candidates, query);
  }

  /** Newest first by business time; undefined when no such partner is registered. */
  async timeline(
    partnerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<TimelineEntry> | undefined> {
    const [profile] = await this.dataSource.query<{ partner_id: string }[]>(
      `SELECT partner_id FROM ${PROFILES} WHERE partner_id = $1`,
      [partnerId],
    );
    if (!profile) return undefined;
    const members = await this.members(this.dataSource.manager, partnerId);
    const params = new Parameters();
    const where = [`partner_id = ANY(${params.add(members)}::text[])`];
    if (cursor !== undefined) {
      const key = decodeCursor('timeline', cursor, ['string', 'string', 'string']).map(String);
      if (!key.every((part) => /^-?\d{1,20}$/.test(part)))
        throw new InvalidCursorError('cursor is not one this timeline returned');
      const [micros, commit, prepare] = key;
      // Microseconds since the epoch: exact both ways, unlike a timestamp's text or a float.
      const at = `timestamptz 'epoch' + ${params.add(micros)}::bigint * interval '1 microsecond'`;
      where.push(
        `(occurred_at, commit_position, prepare_position) < (${at}, ${params.add(commit)}::bigint, ${params.add(prepare)}::bigint)`,
      );
    }
    const rows = await this.dataSource.query<
      {
        partner_id: string;
        occurred_at: Date;
        at_key: string;
        recorded_at: Date;
        commit_position: string;
        prepare_position: string;
        stream: string;
        type: string;
        summary: string;
      }[]
    >(
      `SELECT partner_id, occurred_at, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS at_key,
              recorded_at, commit_position::text,
              prepare_position::text, stream, type, summary
       FROM ${TIMELINE} WHERE ${where.join(' AND ')}
       ORDER BY occurred_at DESC, commit_position DESC, prepare_position DESC
       LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    const entries = rows.map((row) => ({
      key: [row.at_key, row.commit_position, row.prepare_position] as const,
      entry: {
        at: row.occurred_at.toISOString(),
        recordedAt: row.recorded_at.toISOString(),
        type: row.type,
        summary: row.summary,
        stream: row.stream,
        position: formatPosition({
          commit: BigInt(row.commit_position),
          prepare: BigInt(row.prepare_position),
        }),
        partnerId: row.partner_id,
      },
    }));
    const shown = entries.slice(0, limit);
    const last = shown.at(-1);
    return {
      items: shown.map(({ entry }) => entry),
      nextCursor: entries.length > limit && last ? encodeCursor('timeline', last.key) : null,
    };
  }

  /** The partner and every partner merged into it (through chains of merges). */
  private async members(manager: EntityManager, partnerId: string): Promise<string[]> {
    const rows = await manager.query<{ partner_id: string }[]>(
      `SELECT partner_id FROM ${ALIASES} WHERE root_id = $1`,
      [partnerId],
    );
    return [partnerId, ...rows.map((row) => row.partner_id)];
  }

  private counts(
    manager: EntityManager,
    members: readonly string[],
    today: string,
    academicYear: { from: string; to: string },
  ): Promise<CountRow[]> {
    const inForce = `closed_on IS NULL AND (ends_on IS NULL OR ends_on >= $2::date)`;
    return manager.query<CountRow[]>(
      `SELECT item, kind,
         count(*)::int AS total,
         count(*) FILTER (WHERE ${inForce})::int AS in_force,
         count(*) FILTER (WHERE starts_on >= $3::date AND starts_on < $4::date)::int AS this_academic_year,
         count(hired_on)::int AS hires,
         count(*) FILTER (WHERE hired_on >= $3::date AND hired_on < $4::date)::int AS hires_this_academic_year,
         count(*) FILTER (WHERE status = 'completed')::int AS completed,
         COALESCE(sum(seats) FILTER (WHERE ${inForce}), 0)::int AS seats_in_force,
         COALESCE(sum(seats), 0)::int AS seats,
         to_char(min(ends_on) FILTER (WHERE closed_on IS NULL AND ends_on >= $2::date), 'YYYY-MM-DD') AS next_end_on,
         to_char(max(starts_on), 'YYYY-MM-DD') AS last_on,
         array_agg(DISTINCT title) FILTER (WHERE ${inForce} AND title IS NOT NULL) AS titles_in_force
       FROM ${ENGAGEMENTS}
       WHERE partner_id = ANY($1::text[]) AND item <> 'interaction'
       GROUP BY item, kind`,
      [members, today, academicYear.from, academicYear.to],
    );
  }

  private amounts(
    manager: EntityManager,
    members: readonly string[],
    fiscalYear: { from: string; to: string },
  ): Promise<MoneyRow[]> {
    return manager.query<MoneyRow[]>(
      `SELECT item, kind, GROUPING(kind) = 1 AS all_kinds, value_currency AS currency,
         sum(value_amount)::text AS total,
         COALESCE(sum(value_amount) FILTER (WHERE starts_on >= $2::date AND starts_on < $3::date), 0)::text
           AS this_fiscal_year,
         COALESCE(sum(outstanding_amount) FILTER (WHERE status = 'open'), 0)::text AS outstanding
       FROM ${ENGAGEMENTS}
       WHERE partner_id = ANY($1::text[]) AND value_currency IS NOT NULL
       GROUP BY GROUPING SETS ((item, kind, value_currency), (item, value_currency))
       ORDER BY item, kind, value_currency`,
      [members, fiscalYear.from, fiscalYear.to],
    );
  }
}

function page<Item extends Candidate>(
  sorted: readonly Item[],
  limit: number,
  cursorOf: (last: Item) => string,
): Page<PartnerListItem> {
  const shown = sorted.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(({ sortName: _sortName, ...item }) => item),
    nextCursor: sorted.length > limit && last ? cursorOf(last) : null,
  };
}

/** Highest score first, then by name. */
function pageByScore(candidates: readonly Candidate[], query: PartnerListQuery): Page<PartnerListItem> {
  type Key = Pick<Candidate, 'score' | 'sortName' | 'partnerId'>;
  const order = (a: Key, b: Key): number => b.score - a.score || byName(a, b);
  let sorted = [...candidates].sort(order);
  if (query.cursor) {
    const [score, sortName, partnerId] = decodeCursor('score', query.cursor, ['number', 'string', 'string']);
    const after = { score: Number(score), sortName: String(sortName), partnerId: String(partnerId) };
    sorted = sorted.filter((item) => order(item, after) > 0);
  }
  return page(sorted, query.limit, (last) =>
    encodeCursor('score', [last.score, last.sortName, last.partnerId]),
  );
}

/** Most recent activity first, partners without any last, then by name. */
function pageByLastActivity(
  candidates: readonly Candidate[],
  query: PartnerListQuery,
): Page<PartnerListItem> {
  const order = (a: Pick<Candidate, 'lastActivityAt' | 'sortName' | 'partnerId'>, b: typeof a): number => {
    if (a.lastActivityAt !== b.lastActivityAt) {
      if (a.lastActivityAt === null) return 1;
      if (b.lastActivityAt === null) return -1;
      return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
    }
    return byName(a, b);
  };
  let sorted = [...candidates].sort(order);
  if (query.cursor) {
    const [lastActivityAt, sortName, partnerId] = decodeCursor('lastActivity', query.cursor, [
      'nullable-string',
      'string',
      'string',
    ]);
    const after = {
      lastActivityAt: lastActivityAt === null ? null : String(lastActivityAt),
      sortName: String(sortName),
      partnerId: String(partnerId),
    };
    sorted = sorted.filter((item) => order(item, after) > 0);
  }
  return page(sorted, query.limit, (last) =>
    encodeCursor('lastActivity', [last.lastActivityAt, last.sortName, last.partnerId]),
  );
}
