import { addMoney, type Money } from '@continuum/kernel';
import {
  activeWindow,
  continuumLines,
  engagementScore,
  engagementScoreModel,
  pointItems,
  type ContinuumLine,
  type EngagementScore,
} from '@continuum/partners';
import type { LineItem, PartnerFacts, TaskFact } from './partner-state';

export interface LineSummary {
  readonly items: number;
  /** Items not closed, ended or written off (interactions and single-day items count as done). */
  readonly open: number;
  /** An item active at any time in the last 24 months before the as-of moment. */
  readonly active: boolean;
  /** Sum of item values, one entry per currency. */
  readonly totalValue: readonly Money[];
}

/** The partner 360's main facts as of a moment, computed from the fold only. */
export interface PartnerStateView {
  readonly partnerId: string;
  readonly asOf: string;
  readonly basis: 'recorded' | 'occurred';
  readonly registered: boolean;
  readonly profile: {
    readonly name: string | null;
    readonly tier: string | null;
    readonly webDomain: string | null;
    readonly industry: string | null;
    readonly region: string | null;
    readonly registeredAt: string | null;
    readonly ownerId: string | null;
    readonly sponsorId: string | null;
    readonly mergedInto: string | null;
    readonly externalLinks: PartnerFacts['externalLinks'];
    readonly activeContacts: readonly string[];
  };
  readonly lines: Readonly<Record<ContinuumLine, LineSummary>>;
  readonly giving: {
    readonly giftsReceived: readonly Money[];
    readonly pledgesOutstanding: readonly Money[];
  };
  readonly openTasks: readonly TaskFact[];
  readonly lastInteraction: PartnerFacts['lastInteraction'];
  readonly engagement: EngagementScore;
  readonly items: readonly LineItem[];
  readonly eventsFolded: number;
  readonly lastPosition: string | null;
}

const closedStatuses = new Set([
  'terminated',
  'expired',
  'completed',
  'ended-early',
  'fulfilled',
  'written-off',
  'ended',
]);

function sum(values: readonly (Money | null)[]): Money[] {
  const totals = new Map<string, Money>();
  for (const value of values) {
    if (!value) continue;
    const current = totals.get(value.currency);
    totals.set(value.currency, current ? addMoney(current, value) : value);
  }
  return [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

/** The last day an item counts as active; as the 360's read model computes `active_until`. */
function activeUntil(item: LineItem): string | null {
  if (pointItems.includes(item.item)) return item.startsOn;
  const end = item.closedOn ?? item.endsOn;
  if (end === null) return item.hiredOn;
  return item.hiredOn !== null && item.hiredOn > end ? item.hiredOn : end;
}

const isActiveIn = (item: LineItem, window: { from: string; to: string }): boolean => {
  const until = activeUntil(item);
  return item.startsOn <= window.to && (until === null || until >= window.from);
};

/** What the partner's 360 showed (its main facts), as of `asOf`, from facts folded up to then. */
export function partnerStateView(
  facts: PartnerFacts,
  asOf: Date,
  basis: 'recorded' | 'occurred',
): PartnerStateView {
  const window = activeWindow(asOf);
  // Code-unit order (not localeCompare): deterministic and cheap over thousands of items.
  const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const items = Object.values(facts.items).sort(
    (a, b) => byKey(a.startsOn, b.startsOn) || byKey(a.itemId, b.itemId),
  );
  const lineItems = (line: ContinuumLine): LineItem[] => items.filter((item) => item.line === line);
  const lines = Object.fromEntries(
    continuumLines.map((line) => {
      const of = lineItems(line);
      const summary: LineSummary = {
        items: of.length,
        open: of.filter((item) => !closedStatuses.has(item.status) && !pointItems.includes(item.item)).length,
        active: of.some((item) => isActiveIn(item, window)),
        totalValue: sum(of.map((item) => item.value)),
      };
      return [line, summary];
    }),
  ) as Record<ContinuumLine, LineSummary>;
  const inWindow = items.filter((item) => item.startsOn >= window.from && item.startsOn <= window.to);
  const lastActivityAt = items.reduce<string | null>(
    (latest, item) => (latest === null || item.lastEventAt > latest ? item.lastEventAt : latest),
    null,
  );
  const engagement = engagementScore(
    {
      activeLines: continuumLines.filter((line) => lines[line].active),
      lastActivityAt,
      value:
        sum(inWindow.map((item) => item.value)).find((m) => m.currency === engagementScoreModel.currency)
          ?.amount ?? '0.00',
      volume: inWindow.length,
    },
    asOf,
  );
  const pledges = items.filter((item) => item.item === 'pledge' && item.outstanding !== null);
  return {
    partnerId: facts.partnerId,
    asOf: asOf.toISOString(),
    basis,
    registered: facts.registered,
    profile: {
      name: facts.name,
      tier: facts.tier,
      webDomain: facts.webDomain,
      industry: facts.industry,
      region: facts.region,
      registeredAt: facts.registeredAt,
      ownerId: facts.ownerId,
      sponsorId: facts.sponsorId,
      mergedInto: facts.mergedInto,
      externalLinks: facts.externalLinks,
      activeContacts: Object.entries(facts.contacts)
        .filter(([, contact]) => contact.active)
        .map(([id]) => id)
        .sort(),
    },
    lines,
    giving: {
      giftsReceived: sum(items.filter((item) => item.item === 'gift').map((item) => item.value)),
      pledgesOutstanding: sum(
        pledges.map((item) =>
          item.value ? { amount: item.outstanding ?? '0.00', currency: item.value.currency } : null,
        ),
      ),
    },
    openTasks: Object.values(facts.tasks)
      .filter((task) => task.status === 'open' || task.status === 'in-progress')
      .sort((a, b) => byKey(a.dueAt, b.dueAt) || byKey(a.taskId, b.taskId)),
    lastInteraction: facts.lastInteraction,
    engagement,
    items,
    eventsFolded: facts.eventsFolded,
    lastPosition: facts.lastPosition,
  };
}

export interface StateChange {
  /** Dotted path into the state view, e.g. `profile.tier` or `lines.giving.totalValue`. */
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

// Moments differ by definition; these say when, not what.
const ignoredPaths = new Set(['asOf', 'engagement.asOf', 'engagement.window']);

function leaves(value: unknown, path: string, into: Map<string, unknown>): void {
  if (ignoredPaths.has(path)) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, into);
    return;
  }
  into.set(path, value);
}

/** Every fact that differs between two views of the same partner, by path, in path order. */
export function diffPartnerStates(from: PartnerStateView, to: PartnerStateView): StateChange[] {
  const keyed = (view: PartnerStateView): Map<string, unknown> => {
    const map = new Map<string, unknown>();
    leaves(
      { ...view, items: Object.fromEntries(view.items.map((item) => [`${item.item}/${item.itemId}`, item])) },
      '',
      map,
    );
    return map;
  };
  const before = keyed(from);
  const after = keyed(to);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)))
    .map((path) => ({ path, from: before.get(path) ?? null, to: after.get(path) ?? null }));
}
