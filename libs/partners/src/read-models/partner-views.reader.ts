import { formatPosition } from '@continuum/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerTier } from '../partner.events';
import {
  ACADEMIC_YEAR_START,
  activeWindow,
  FISCAL_YEAR_START,
  yearContaining,
  type YearStart,
} from './continuum-lines';
import { engagementScore } from './engagement-score';
import { decodeCursor, encodeCursor, InvalidCursorError } from './page-cursor';
import {
  Figures,
  factsOf,
  factsSelect,
  Parameters,
  partner360View,
  type CountRow,
  type FactsRow,
  type MoneyRow,
  type ProfileRow,
} from './partner-figures';
import { page, pageByLastActivity, pageByScore, type Candidate } from './partner-list-paging';
import { searchPatterns } from './partner-search';
import { ALIASES, ENGAGEMENTS, LINKS, PROFILES, STAFF, TASKS, TIMELINE } from './partner-view-tables';
import type {
  MergedPartnerView,
  Page,
  Partner360,
  PartnerListItem,
  PartnerListQuery,
  TimelineEntry,
} from './partner-views.types';

interface ListRow extends FactsRow {
  partner_id: string;
  name: string;
  sort_name: string;
  web_domain: string | null;
  tier: PartnerTier;
  owner_id: string | null;
}

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
      const [profile] = await manager.query<ProfileRow[]>(
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
      return partner360View({
        partnerId,
        profile,
        members,
        asOf,
        academicYear,
        fiscalYear,
        figures,
        facts,
        links,
        interaction,
        tasks,
      });
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
