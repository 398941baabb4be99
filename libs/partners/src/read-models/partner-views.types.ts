// The partner views' types: what the 360, the partner list and the timeline return.
import type { Money } from '@continuum/kernel';
import type { PartnerTier } from '../partner.events';
import type { ContinuumLine } from './continuum-lines';
import type { EngagementScore } from './engagement-score';

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
