import type { InternPlacedData, PlacementCompletedData } from '@continuum/careers';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  TimerFired,
  WorkflowAction,
} from '../../playbook';
import { causeFor } from '../causes';
import { partnerIdOf } from '../continuum-activity';
import { isBefore, later, minusMonths, plusDays, startOfDay } from '../time';

export const INTERN_PLACED = 'intern-placed';

export interface InternPlacedSettings {
  readonly thankHostWithinDays: number;
  /** The evaluation request is due this many days before the internship ends... */
  readonly evaluationRequestDaysBeforeEnd: number;
  /** ...and shows up this many days before it is due. */
  readonly evaluationRequestNoticeDays: number;
  /** If the placement is still not completed this many days after its end, chase the evaluation. */
  readonly chaseDaysAfterEnd: number;
  readonly chaseWithinDays: number;
  /** This many placements within the window suggest a talent partnership. */
  readonly talentPartnershipPlacements: number;
  readonly talentPartnershipWindowMonths: number;
  readonly talentPartnershipWithinDays: number;
  readonly team: string;
}

export const defaultInternPlacedSettings: InternPlacedSettings = {
  thankHostWithinDays: 7,
  evaluationRequestDaysBeforeEnd: 14,
  evaluationRequestNoticeDays: 7,
  chaseDaysAfterEnd: 14,
  chaseWithinDays: 7,
  talentPartnershipPlacements: 3,
  talentPartnershipWindowMonths: 12,
  talentPartnershipWithinDays: 30,
  team: 'careers',
};

export interface TrackedPlacement {
  readonly partnerId: string;
  readonly placedAt: string;
  readonly role: string;
  readonly program: string;
  readonly endDate: string;
  readonly completed: boolean;
  readonly evaluationRequested: boolean;
  readonly chased: boolean;
}

/** One instance per host company: its placements, to count them and follow each one's end. */
export interface InternPlacedState {
  readonly placements: Readonly<Record<string, TrackedPlacement>>;
  readonly lastTalentProposalAt?: string;
}

const requestKey = (placementId: string): string => `evaluation-request:${placementId}`;
const chaseKey = (placementId: string): string => `evaluation-chase:${placementId}`;

type Decision = PlaybookDecision<InternPlacedState>;
const nothing = (state: InternPlacedState): Decision => ({ state, actions: [] });

function react(state: InternPlacedState, input: PlaybookInput, settings: InternPlacedSettings): Decision {
  if (input.type === 'TimerFired') return timerFired(state, input, settings);
  const { event } = input;
  if (event.type === 'InternPlaced') return placed(state, event, settings);
  if (event.type === 'PlacementCompleted') {
    const { placementId } = event.data as unknown as PlacementCompletedData;
    const placement = state.placements[placementId];
    if (!placement || placement.completed) return nothing(state);
    return {
      state: withPlacement(state, placementId, { ...placement, completed: true }),
      actions: [
        { type: 'CancelTimer', key: requestKey(placementId) },
        { type: 'CancelTimer', key: chaseKey(placementId) },
      ],
    };
  }
  return nothing(state);
}

function placed(state: InternPlacedState, event: PlaybookEvent, settings: InternPlacedSettings): Decision {
  const placement = event.data as unknown as InternPlacedData;
  if (state.placements[placement.placementId]) return nothing(state);
  const now = event.occurredAt;
  const end = startOfDay(placement.endDate);
  const owner = { role: 'owner', partnerId: placement.partnerId, fallbackTeam: settings.team } as const;
  const requestDueAt = plusDays(end, -settings.evaluationRequestDaysBeforeEnd);
  const payload = { placementId: placement.placementId };
  const actions: WorkflowAction[] = [
    {
      type: 'CreateTask',
      cause: event.id,
      partnerId: placement.partnerId,
      kind: 'thank-host',
      title: 'Thank the host company',
      description: `An intern from ${placement.program} starts as ${placement.role} on ${placement.startDate} (until ${placement.endDate}). Thank the company for hosting them.`,
      dueAt: plusDays(now, settings.thankHostWithinDays),
      assignTo: owner,
    },
    {
      type: 'ScheduleTimer',
      key: requestKey(placement.placementId),
      dueAt: later(plusDays(requestDueAt, -settings.evaluationRequestNoticeDays), now),
      payload,
    },
    {
      type: 'ScheduleTimer',
      key: chaseKey(placement.placementId),
      dueAt: later(plusDays(end, settings.chaseDaysAfterEnd), now),
      payload,
    },
  ];
  const tracked: TrackedPlacement = {
    partnerId: placement.partnerId,
    placedAt: now,
    role: placement.role,
    program: placement.program,
    endDate: placement.endDate,
    completed: false,
    evaluationRequested: false,
    chased: false,
  };
  const next = withPlacement(state, placement.placementId, tracked);
  const since = minusMonths(now, settings.talentPartnershipWindowMonths);
  const recent = Object.values(next.placements).filter((p) => !isBefore(p.placedAt, since));
  const proposedRecently =
    state.lastTalentProposalAt !== undefined && isBefore(since, state.lastTalentProposalAt);
  if (recent.length < settings.talentPartnershipPlacements || proposedRecently)
    return { state: next, actions };
  actions.push({
    type: 'CreateTask',
    cause: causeFor(event.id, 'talent-partnership'),
    partnerId: placement.partnerId,
    kind: 'propose-talent-partnership',
    title: 'Propose a talent partnership',
    description: `${recent.length} interns placed in the last ${settings.talentPartnershipWindowMonths} months (${recent
      .map((p) => p.role)
      .join(', ')}). Propose a talent partnership: a pipeline, recruiting days, a named programme.`,
    dueAt: plusDays(now, settings.talentPartnershipWithinDays),
    assignTo: owner,
  });
  return { state: { ...next, lastTalentProposalAt: now }, actions };
}

function timerFired(state: InternPlacedState, timer: TimerFired, settings: InternPlacedSettings): Decision {
  const placementId = String(timer.payload.placementId);
  const placement = state.placements[placementId];
  if (!placement || placement.completed) return nothing(state);
  const owner = { role: 'owner', partnerId: placement.partnerId, fallbackTeam: settings.team } as const;
  const who = `the ${placement.program} intern (${placement.role}, ending ${placement.endDate})`;
  if (timer.key === requestKey(placementId) && !placement.evaluationRequested) {
    const dueAt = plusDays(startOfDay(placement.endDate), -settings.evaluationRequestDaysBeforeEnd);
    return {
      state: withPlacement(state, placementId, { ...placement, evaluationRequested: true }),
      actions: [
        {
          type: 'CreateTask',
          cause: timer.timerId,
          partnerId: placement.partnerId,
          kind: 'request-supervisor-evaluation',
          title: 'Request supervisor evaluation',
          description: `Ask the host supervisor to evaluate ${who}.`,
          dueAt: isBefore(timer.dueAt, dueAt)
            ? dueAt
            : plusDays(timer.dueAt, settings.evaluationRequestNoticeDays),
          assignTo: owner,
        },
      ],
    };
  }
  if (timer.key === chaseKey(placementId) && !placement.chased)
    return {
      state: withPlacement(state, placementId, { ...placement, chased: true }),
      actions: [
        {
          type: 'CreateTask',
          cause: timer.timerId,
          partnerId: placement.partnerId,
          kind: 'chase-evaluation',
          title: 'Chase the evaluation',
          description: `The placement of ${who} is still not completed ${settings.chaseDaysAfterEnd} days after its end. Chase the supervisor's evaluation.`,
          dueAt: plusDays(timer.dueAt, settings.chaseWithinDays),
          assignTo: owner,
        },
      ],
    };
  return nothing(state);
}

const withPlacement = (
  state: InternPlacedState,
  placementId: string,
  placement: TrackedPlacement,
): InternPlacedState => ({ ...state, placements: { ...state.placements, [placementId]: placement } });

export const internPlacedPlaybook: Playbook<InternPlacedState, InternPlacedSettings> = {
  name: INTERN_PLACED,
  eventTypes: ['InternPlaced', 'PlacementCompleted'],
  instanceOf: partnerIdOf,
  initialState: () => ({ placements: {} }),
  react,
  defaultSettings: defaultInternPlacedSettings,
};
