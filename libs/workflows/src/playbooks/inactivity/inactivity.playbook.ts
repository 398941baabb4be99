import { partnerTiers, type PartnerTier } from '@continuum/partners';
import { taskIdFor } from '@continuum/tasks';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  TimerFired,
  WorkflowAction,
} from '../../playbook';
import { activityEventTypes, lineOf, partnerIdOf } from '../continuum-activity';
import { dayOf, isBefore, later, plusDays } from '../time';

export const INACTIVITY = 'inactivity';

export interface InactivitySettings {
  readonly inactiveAfterDays: number;
  /** Partners at this tier or above are watched. */
  readonly minimumTier: PartnerTier;
  readonly outreachWithinDays: number;
  readonly team: string;
}

export const defaultInactivitySettings: InactivitySettings = {
  inactiveAfterDays: 180,
  minimumTier: 'engaged',
  outreachWithinDays: 14,
  team: 'corporate-relations',
};

/** One instance per partner: its tier, its last sign of life, and an open outreach task. */
export interface InactivityState {
  readonly partnerId?: string;
  readonly tier?: PartnerTier;
  readonly lastActivityAt?: string;
  /** When the pending inactivity timer fires; absent while nothing is watched. */
  readonly timerDueAt?: string;
  readonly outreachTaskId?: string;
}

const TIMER = 'inactivity';

type Decision = PlaybookDecision<InactivityState>;

const isWatched = (tier: PartnerTier | undefined, settings: InactivitySettings): boolean =>
  tier !== undefined && partnerTiers.indexOf(tier) >= partnerTiers.indexOf(settings.minimumTier);

function react(state: InactivityState, input: PlaybookInput, settings: InactivitySettings): Decision {
  if (input.type === 'TimerFired') return timerFired(state, input, settings);
  const { event } = input;
  const partnerId = partnerIdOf(event) ?? state.partnerId;
  const known = partnerId === undefined ? state : { ...state, partnerId };
  switch (event.type) {
    case 'PartnerRegistered':
      return watch(
        { ...known, tier: event.data.tier as PartnerTier, lastActivityAt: event.occurredAt },
        settings,
      );
    case 'TierChanged':
      return watch({ ...known, tier: event.data.to as PartnerTier }, settings);
    case 'TaskCompleted':
    case 'TaskCancelled': {
      if (event.data.taskId !== state.outreachTaskId) return { state, actions: [] };
      const { outreachTaskId: _closed, ...rest } = state;
      return { state: rest, actions: [] };
    }
    default:
      return event.type === 'InteractionLogged' || lineOf(event.type) !== undefined
        ? activity(known, event, settings)
        : { state, actions: [] };
  }
}

function activity(state: InactivityState, event: PlaybookEvent, settings: InactivitySettings): Decision {
  // An interaction is dated when it happened, which may be before it was logged.
  const at =
    event.type === 'InteractionLogged' && typeof event.data.occurredAt === 'string'
      ? event.data.occurredAt
      : event.occurredAt;
  const lastActivityAt = state.lastActivityAt === undefined ? at : later(state.lastActivityAt, at);
  const { outreachTaskId, ...rest } = state;
  const closing: WorkflowAction[] =
    outreachTaskId === undefined
      ? []
      : [
          {
            type: 'CompleteTask',
            taskId: outreachTaskId,
            outcome: `Active again: ${event.type} on ${dayOf(at)}`,
          },
        ];
  const watched = watch({ ...rest, lastActivityAt }, settings);
  return { state: watched.state, actions: [...closing, ...watched.actions] };
}

/** Schedule (or move) the timer while the tier is watched; cancel it when the tier drops below. */
function watch(state: InactivityState, settings: InactivitySettings): Decision {
  const { timerDueAt, ...unwatched } = state;
  if (!isWatched(state.tier, settings))
    return timerDueAt === undefined
      ? { state, actions: [] }
      : { state: unwatched, actions: [{ type: 'CancelTimer', key: TIMER }] };
  if (state.lastActivityAt === undefined) return { state, actions: [] };
  const dueAt = plusDays(state.lastActivityAt, settings.inactiveAfterDays);
  if (dueAt === timerDueAt) return { state, actions: [] };
  return { state: { ...state, timerDueAt: dueAt }, actions: [{ type: 'ScheduleTimer', key: TIMER, dueAt }] };
}

const withoutTimer = ({ timerDueAt: _fired, ...rest }: InactivityState): InactivityState => rest;

function timerFired(state: InactivityState, timer: TimerFired, settings: InactivitySettings): Decision {
  const { partnerId, lastActivityAt } = state;
  if (
    timer.key !== TIMER ||
    state.timerDueAt === undefined ||
    partnerId === undefined ||
    lastActivityAt === undefined
  )
    return { state, actions: [] };
  // Activity after the timer was set moved it: an old firing decides nothing.
  if (isBefore(timer.dueAt, plusDays(lastActivityAt, settings.inactiveAfterDays)))
    return { state, actions: [] };
  if (state.outreachTaskId !== undefined) return { state, actions: [] };
  return {
    state: { ...withoutTimer(state), outreachTaskId: taskIdFor(INACTIVITY, timer.timerId) },
    actions: [
      {
        type: 'CreateTask',
        cause: timer.timerId,
        partnerId,
        kind: 're-engagement-outreach',
        title: 'Re-engagement outreach',
        description: `No interaction and no continuum activity since ${dayOf(lastActivityAt)} (${settings.inactiveAfterDays} days) for a partner at tier "${state.tier ?? 'unknown'}". Reach out to re-engage them.`,
        dueAt: plusDays(timer.dueAt, settings.outreachWithinDays),
        assignTo: { role: 'owner', partnerId, fallbackTeam: settings.team },
      },
    ],
  };
}

export const inactivityPlaybook: Playbook<InactivityState, InactivitySettings> = {
  name: INACTIVITY,
  eventTypes: [
    'PartnerRegistered',
    'TierChanged',
    'InteractionLogged',
    ...activityEventTypes,
    'TaskCompleted',
    'TaskCancelled',
  ],
  instanceOf: partnerIdOf,
  initialState: () => ({}),
  react,
  defaultSettings: defaultInactivitySettings,
};
