import type { PartnerTier } from '@continuum/partners';
import type { Playbook, PlaybookDecision, PlaybookEvent, PlaybookInput } from '../../playbook';
import {
  activityEventTypes,
  continuumLines,
  lineOf,
  partnerIdOf,
  type ContinuumLine,
} from '../continuum-activity';
import { isBefore, later, minusMonths, plusDays } from '../time';

export const STRATEGIC_ACCOUNT = 'strategic-account';

export interface StrategicAccountSettings {
  /** Active in at least this many continuum lines... */
  readonly minimumActiveLines: number;
  /** ...within this many months, below the strategic tier, calls for a review. */
  readonly activeWindowMonths: number;
  /** At most one review per partner in this many months. */
  readonly reviewIntervalMonths: number;
  readonly reviewWithinDays: number;
  readonly team: string;
}

export const defaultStrategicAccountSettings: StrategicAccountSettings = {
  minimumActiveLines: 3,
  activeWindowMonths: 24,
  reviewIntervalMonths: 12,
  reviewWithinDays: 14,
  team: 'corporate-relations',
};

/** One instance per partner: its tier, the last activity in each line, and its last review. */
export interface StrategicAccountState {
  readonly tier?: PartnerTier;
  readonly lastActivityAt: Partial<Readonly<Record<ContinuumLine, string>>>;
  readonly lastReviewAt?: string;
}

type Decision = PlaybookDecision<StrategicAccountState>;

function react(
  state: StrategicAccountState,
  input: PlaybookInput,
  settings: StrategicAccountSettings,
): Decision {
  if (input.type !== 'Event') return { state, actions: [] };
  const { event } = input;
  if (event.type === 'PartnerRegistered')
    return { state: { ...state, tier: event.data.tier as PartnerTier }, actions: [] };
  if (event.type === 'TierChanged')
    return review({ ...state, tier: event.data.to as PartnerTier }, event, settings);
  const line = lineOf(event.type);
  if (line === undefined) return { state, actions: [] };
  const previous = state.lastActivityAt[line];
  const at = previous === undefined ? event.occurredAt : later(previous, event.occurredAt);
  return review({ ...state, lastActivityAt: { ...state.lastActivityAt, [line]: at } }, event, settings);
}

export const activeLines = (
  state: StrategicAccountState,
  now: string,
  windowMonths: number,
): ContinuumLine[] => {
  const since = minusMonths(now, windowMonths);
  return continuumLines.filter((line) => {
    const at = state.lastActivityAt[line];
    return at !== undefined && !isBefore(at, since) && !isBefore(now, at);
  });
};

function review(
  state: StrategicAccountState,
  event: PlaybookEvent,
  settings: StrategicAccountSettings,
): Decision {
  const now = event.occurredAt;
  const partnerId = partnerIdOf(event);
  if (partnerId === undefined || state.tier === 'strategic') return { state, actions: [] };
  const lines = activeLines(state, now, settings.activeWindowMonths);
  if (lines.length < settings.minimumActiveLines) return { state, actions: [] };
  const reviewedSince = minusMonths(now, settings.reviewIntervalMonths);
  if (state.lastReviewAt !== undefined && isBefore(reviewedSince, state.lastReviewAt))
    return { state, actions: [] };
  return {
    state: { ...state, lastReviewAt: now },
    actions: [
      {
        type: 'CreateTask',
        cause: event.id,
        partnerId,
        kind: 'strategic-account-review',
        title: 'Strategic account review: name an executive sponsor',
        description: `Active in ${lines.length} continuum lines in the last ${settings.activeWindowMonths} months (${lines.join(', ')}) while at tier "${state.tier ?? 'unknown'}". Review the account for the strategic tier and name an executive sponsor.`,
        dueAt: plusDays(now, settings.reviewWithinDays),
        assignTo: { role: 'owners-manager', partnerId, fallbackTeam: settings.team },
      },
    ],
  };
}

export const strategicAccountPlaybook: Playbook<StrategicAccountState, StrategicAccountSettings> = {
  name: STRATEGIC_ACCOUNT,
  eventTypes: ['PartnerRegistered', 'TierChanged', ...activityEventTypes],
  instanceOf: partnerIdOf,
  initialState: () => ({ lastActivityAt: {} }),
  react,
  defaultSettings: defaultStrategicAccountSettings,
};
