import { activeWindow, continuumLines, type ContinuumLine } from './continuum-lines';

/** Weights and saturation points of the score; docs/engagement-score.md explains each choice. */
export const engagementScoreModel = {
  /** Depth's value counts amounts in this currency only: no exchange rates in a score. */
  currency: 'USD',
  breadth: { max: 40, fullAtLines: 5 },
  recency: { max: 30, fullWithinDays: 30, zeroAfterDays: 730 },
  value: { max: 15, unit: 1_000, fullAt: 1_000_000 },
  volume: { max: 15, fullAt: 12 },
} as const;

/** What the score is computed from: facts about the partner (and the duplicates merged into it). */
export interface EngagementFacts {
  /** Lines with an item active at any time in the window. */
  readonly activeLines: readonly ContinuumLine[];
  /** Business time of the latest event on any line or interaction (ISO 8601), or null. */
  readonly lastActivityAt: string | null;
  /** Exact decimal: value of items that started in the window, in `engagementScoreModel.currency`. */
  readonly value: string;
  /** Items (interactions included) that started in the window. */
  readonly volume: number;
}

export interface EngagementScore {
  /** 0–100: the rounded sum of the components' unrounded points. */
  readonly score: number;
  readonly asOf: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly components: {
    readonly breadth: {
      readonly points: number;
      readonly max: number;
      readonly activeLines: readonly ContinuumLine[];
      readonly fullAtLines: number;
    };
    readonly recency: {
      readonly points: number;
      readonly max: number;
      readonly lastActivityAt: string | null;
      readonly daysSinceLastActivity: number | null;
    };
    readonly depth: {
      readonly points: number;
      readonly max: number;
      readonly value: {
        readonly points: number;
        readonly max: number;
        readonly amount: string;
        readonly currency: string;
        readonly fullAt: number;
      };
      readonly volume: {
        readonly points: number;
        readonly max: number;
        readonly count: number;
        readonly fullAt: number;
      };
    };
  };
}

const DAY_MS = 86_400_000;
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));
const tenth = (x: number): number => Math.round(x * 10) / 10;

export function breadthPoints(activeLines: number): number {
  const { max, fullAtLines } = engagementScoreModel.breadth;
  return max * clamp01(activeLines / fullAtLines);
}

/** Full within a month of the last activity, then linearly down to nothing at 24 months. */
export function recencyPoints(daysSinceLastActivity: number | null): number {
  if (daysSinceLastActivity === null) return 0;
  const { max, fullWithinDays, zeroAfterDays } = engagementScoreModel.recency;
  return max * clamp01((zeroAfterDays - daysSinceLastActivity) / (zeroAfterDays - fullWithinDays));
}

/** Logarithmic: the first thousands count as much as the next hundreds of thousands. */
export function valuePoints(amount: string): number {
  const { max, unit, fullAt } = engagementScoreModel.value;
  // A float is fine here: it only places the amount on a log scale; every reported figure stays exact.
  const value = Math.max(0, Number(amount));
  return max * clamp01(Math.log10(1 + value / unit) / Math.log10(1 + fullAt / unit));
}

export function volumePoints(count: number): number {
  const { max, fullAt } = engagementScoreModel.volume;
  return max * clamp01(count / fullAt);
}

/** Whole days from `lastActivityAt` to `asOf`, never negative; null without any activity. */
export function daysSince(lastActivityAt: string | null, asOf: Date): number | null {
  if (lastActivityAt === null) return null;
  return Math.max(0, Math.floor((asOf.getTime() - new Date(lastActivityAt).getTime()) / DAY_MS));
}

/** The engagement score of a partner as of an instant: pure, so the 360, the list and the tests agree. */
export function engagementScore(facts: EngagementFacts, asOf: Date): EngagementScore {
  const model = engagementScoreModel;
  const activeLines = continuumLines.filter((line) => facts.activeLines.includes(line));
  const days = daysSince(facts.lastActivityAt, asOf);
  const breadth = breadthPoints(activeLines.length);
  const recency = recencyPoints(days);
  const value = valuePoints(facts.value);
  const volume = volumePoints(facts.volume);
  return {
    score: Math.round(breadth + recency + value + volume),
    asOf: asOf.toISOString(),
    window: activeWindow(asOf),
    components: {
      breadth: {
        points: tenth(breadth),
        max: model.breadth.max,
        activeLines,
        fullAtLines: model.breadth.fullAtLines,
      },
      recency: {
        points: tenth(recency),
        max: model.recency.max,
        lastActivityAt: facts.lastActivityAt,
        daysSinceLastActivity: days,
      },
      depth: {
        points: tenth(value + volume),
        max: model.value.max + model.volume.max,
        value: {
          points: tenth(value),
          max: model.value.max,
          amount: facts.value,
          currency: model.currency,
          fullAt: model.value.fullAt,
        },
        volume: {
          points: tenth(volume),
          max: model.volume.max,
          count: facts.volume,
          fullAt: model.volume.fullAt,
        },
      },
    },
  };
}
