// The SQL and arithmetic behind the partner 360's figures and the engagement score's facts.
import { money, type Money } from '@continuum/kernel';
import type { PartnerTier } from '../partner.events';
import { activeWindow, isContinuumLine, type ContinuumLine, type EngagementItem } from './continuum-lines';
import { engagementScore, engagementScoreModel, type EngagementFacts } from './engagement-score';
import { ENGAGEMENTS } from './partner-view-tables';
import type { Partner360, StaffRef } from './partner-views.types';

/** Builds numbered parameters as the SQL is written. */
export class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface FactsRow {
  active_lines: string[];
  last_activity_at: Date | null;
  value: string;
  volume: number;
}

/** The score's facts over the engagements whose partner is in `members` (an SQL text[] expression). */
export function factsSelect(members: string, params: Parameters, asOf: Date): string {
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

export const factsOf = (row: FactsRow): EngagementFacts => ({
  activeLines: row.active_lines.filter(isContinuumLine),
  lastActivityAt: row.last_activity_at ? row.last_activity_at.toISOString() : null,
  value: row.value,
  volume: row.volume,
});

export interface CountRow {
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

export interface MoneyRow {
  item: EngagementItem;
  kind: string | null;
  all_kinds: boolean;
  currency: string;
  total: string;
  this_fiscal_year: string;
  outstanding: string;
}

/** Figures of one partner's items, grouped by item and kind. */
export class Figures {
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

export interface ProfileRow {
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
}

/** What `partner360` read for one partner and the partners merged into it. */
export interface Partner360Rows {
  readonly partnerId: string;
  readonly profile: ProfileRow;
  readonly members: readonly string[];
  readonly asOf: Date;
  readonly academicYear: { from: string; to: string };
  readonly fiscalYear: { from: string; to: string };
  readonly figures: Figures;
  readonly facts: EngagementFacts;
  readonly links: readonly { system: string; external_id: string }[];
  readonly interaction: { occurred_at: Date; kind: string; title: string } | undefined;
  readonly tasks: { open: number } | undefined;
}

/** The 360 view of a partner that is not merged away, from the rows read in one snapshot. */
export function partner360View(rows: Partner360Rows): Partner360 {
  const {
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
  } = rows;
  const active = (line: ContinuumLine): boolean => facts.activeLines.includes(line);
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
        byType: figures.byKind('license').map(({ kind, count, inForce }) => ({ type: kind, count, inForce })),
        upfrontFees: figures.money('license', 'total'),
      },
    },
    lastInteraction: interaction
      ? { at: interaction.occurred_at.toISOString(), kind: interaction.kind, summary: interaction.title }
      : null,
    openTasks: tasks?.open ?? 0,
    engagement: engagementScore(facts, asOf),
  };
}
