import type { AgreementAmendedData, AgreementSignedData, AgreementTerminatedData } from '@continuum/research';
import { taskIdFor } from '@continuum/tasks';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  TimerFired,
  WorkflowAction,
} from '../../playbook';
import { causeFor } from '../causes';
import { reminderKey, renewalKey, renewalTimers } from './renewal-timers';
import { partnerIdOf } from '../continuum-activity';
import { isBefore, later, minusMonths, plusDays, startOfDay } from '../time';

export const AGREEMENT_SIGNED = 'agreement-signed';

export interface AgreementSignedSettings {
  readonly kickOffWithinDays: number;
  /** "Discuss renewal" shows up this many days before the end date, and is due on the end date. */
  readonly renewalDaysBeforeEnd: number;
  /** A reminder task at each of these days before the end, while "Discuss renewal" is open. */
  readonly renewalReminderDaysBeforeEnd: readonly number[];
  readonly reminderWithinDays: number;
  readonly careersIntroductionWithinDays: number;
  /** No recruiting or placement in this many months makes a research partner new to careers. */
  readonly careersLookbackMonths: number;
  readonly team: string;
  readonly careersTeam: string;
}

export const defaultAgreementSignedSettings: AgreementSignedSettings = {
  kickOffWithinDays: 14,
  renewalDaysBeforeEnd: 90,
  renewalReminderDaysBeforeEnd: [60, 30],
  reminderWithinDays: 7,
  careersIntroductionWithinDays: 30,
  careersLookbackMonths: 12,
  team: 'research',
  careersTeam: 'careers',
};

export interface TrackedAgreement {
  readonly partnerId: string;
  readonly title: string;
  readonly endDate?: string;
  readonly ended: boolean;
  readonly kickOffTaskId: string;
  /** The current renewal cycle: its "Discuss renewal" task and the reminders already sent. */
  readonly renewalTaskId?: string;
  readonly remindersSent: readonly number[];
  readonly reminderTaskIds: readonly string[];
}

/** One instance per partner: its agreements and when it last recruited or hosted an intern. */
export interface AgreementSignedState {
  readonly agreements: Readonly<Record<string, TrackedAgreement>>;
  /** Tasks this instance created that no TaskCompleted/TaskCancelled has closed yet. */
  readonly openTaskIds: readonly string[];
  readonly lastCareersActivityAt?: string;
  readonly lastCareersIntroductionAt?: string;
}

const careersEventTypes = [
  'InternPlaced',
  'PlacementCompleted',
  'InternConvertedToHire',
  'RecruitingEventAttended',
];

type Decision = PlaybookDecision<AgreementSignedState>;
const nothing = (state: AgreementSignedState): Decision => ({ state, actions: [] });

function react(
  state: AgreementSignedState,
  input: PlaybookInput,
  settings: AgreementSignedSettings,
): Decision {
  if (input.type === 'TimerFired') return timerFired(state, input, settings);
  const { event } = input;
  if (careersEventTypes.includes(event.type))
    return {
      state: {
        ...state,
        lastCareersActivityAt:
          state.lastCareersActivityAt === undefined
            ? event.occurredAt
            : later(state.lastCareersActivityAt, event.occurredAt),
      },
      actions: [],
    };
  switch (event.type) {
    case 'AgreementSigned':
      return signed(state, event, settings);
    case 'AgreementAmended':
      return amended(state, event, settings);
    case 'AgreementTerminated':
      return ended(
        state,
        String(event.data.agreementId),
        settings,
        event.data as unknown as AgreementTerminatedData,
      );
    case 'AgreementExpired':
      return ended(state, String(event.data.agreementId), settings);
    case 'TaskCompleted':
    case 'TaskCancelled':
      return taskClosed(state, String(event.data.taskId), settings);
    default:
      return nothing(state);
  }
}

function signed(
  state: AgreementSignedState,
  event: PlaybookEvent,
  settings: AgreementSignedSettings,
): Decision {
  const agreement = event.data as unknown as AgreementSignedData;
  if (state.agreements[agreement.agreementId]) return nothing(state);
  const now = event.occurredAt;
  const owner = { role: 'owner', partnerId: agreement.partnerId, fallbackTeam: settings.team } as const;
  const pi = agreement.principalInvestigator;
  const kickOff: WorkflowAction = {
    type: 'CreateTask',
    cause: event.id,
    partnerId: agreement.partnerId,
    kind: 'agreement-kick-off',
    title: 'Kick-off with the PI and the company',
    description: `"${agreement.title}" (${agreement.kind}) was signed, effective ${agreement.effectiveDate}${
      agreement.endDate === undefined ? ', open-ended' : ` until ${agreement.endDate}`
    }. ${pi === undefined ? 'No PI is named yet.' : `PI: ${pi.name} (${pi.department}).`}`,
    dueAt: plusDays(now, settings.kickOffWithinDays),
    assignTo: owner,
  };
  const tracked: TrackedAgreement = {
    partnerId: agreement.partnerId,
    title: agreement.title,
    ...(agreement.endDate === undefined ? {} : { endDate: agreement.endDate }),
    ended: false,
    kickOffTaskId: taskIdFor(AGREEMENT_SIGNED, event.id),
    remindersSent: [],
    reminderTaskIds: [],
  };
  const actions: WorkflowAction[] = [kickOff];
  const openTaskIds = [...state.openTaskIds, tracked.kickOffTaskId];
  if (agreement.endDate !== undefined)
    actions.push(...renewalTimers(agreement.agreementId, agreement.endDate, now, [], settings, false));
  let lastCareersIntroductionAt = state.lastCareersIntroductionAt;
  if (isNewToCareers(state, now, settings)) {
    const cause = causeFor(event.id, 'careers-introduction');
    actions.push({
      type: 'CreateTask',
      cause,
      partnerId: agreement.partnerId,
      kind: 'careers-introduction',
      title: 'Introduce to career services',
      description: `A research partner ("${agreement.title}") with no recruiting or placement activity in the last ${settings.careersLookbackMonths} months: introduce them to career services.`,
      dueAt: plusDays(now, settings.careersIntroductionWithinDays),
      assignTo: { role: 'owner', partnerId: agreement.partnerId, fallbackTeam: settings.careersTeam },
    });
    openTaskIds.push(taskIdFor(AGREEMENT_SIGNED, cause));
    lastCareersIntroductionAt = now;
  }
  return {
    state: {
      ...state,
      agreements: { ...state.agreements, [agreement.agreementId]: tracked },
      openTaskIds,
      ...(lastCareersIntroductionAt === undefined ? {} : { lastCareersIntroductionAt }),
    },
    actions,
  };
}

// Neither recent careers activity nor a recent introduction: one introduction per look-back period.
function isNewToCareers(
  state: AgreementSignedState,
  now: string,
  settings: AgreementSignedSettings,
): boolean {
  const since = minusMonths(now, settings.careersLookbackMonths);
  const recent = (at: string | undefined): boolean => at !== undefined && !isBefore(at, since);
  return !recent(state.lastCareersActivityAt) && !recent(state.lastCareersIntroductionAt);
}

function amended(
  state: AgreementSignedState,
  event: PlaybookEvent,
  settings: AgreementSignedSettings,
): Decision {
  const amendment = event.data as unknown as AgreementAmendedData;
  const agreement = state.agreements[amendment.agreementId];
  const newEnd = amendment.endDate;
  if (!agreement || agreement.ended || newEnd === undefined || newEnd === agreement.endDate)
    return nothing(state);
  const id = amendment.agreementId;
  const now = event.occurredAt;
  const extended = agreement.endDate === undefined || newEnd > agreement.endDate;
  const renewalOpen = isOpen(state, agreement.renewalTaskId);
  const moved = { ...agreement, endDate: newEnd };
  if (agreement.renewalTaskId !== undefined && !extended) {
    // Brought forward while the renewal is being discussed: only the reminders still ahead move.
    if (!renewalOpen) return { state: withAgreement(state, id, moved), actions: [] };
    return {
      state: withAgreement(state, id, moved),
      actions: renewalTimers(id, newEnd, now, agreement.remindersSent, settings, true, false),
    };
  }
  // Extended (a renewal in effect) or no renewal yet: the open renewal closes, a fresh cycle starts.
  const closing: WorkflowAction[] = [];
  if (renewalOpen && agreement.renewalTaskId !== undefined)
    closing.push({
      type: 'CompleteTask',
      taskId: agreement.renewalTaskId,
      outcome: `Extended to ${newEnd} by the amendment of ${amendment.amendedOn}`,
    });
  const reminders = openOf(state, agreement.reminderTaskIds);
  closing.push(...reminders.map((taskId) => cancel(taskId, `The agreement now ends on ${newEnd}`)));
  const closed = [...reminders, ...(renewalOpen && agreement.renewalTaskId ? [agreement.renewalTaskId] : [])];
  const { renewalTaskId: _previousCycle, ...rest } = moved;
  return {
    state: {
      ...withAgreement(state, id, { ...rest, remindersSent: [], reminderTaskIds: [] }),
      openTaskIds: state.openTaskIds.filter((taskId) => !closed.includes(taskId)),
    },
    actions: [...closing, ...renewalTimers(id, newEnd, now, [], settings, true)],
  };
}

/** Terminated (with its data) or expired: timers stop; a termination also cancels the open tasks. */
function ended(
  state: AgreementSignedState,
  agreementId: string,
  settings: AgreementSignedSettings,
  termination?: AgreementTerminatedData,
): Decision {
  const agreement = state.agreements[agreementId];
  if (!agreement || agreement.ended) return nothing(state);
  const timers: WorkflowAction[] = [
    { type: 'CancelTimer', key: renewalKey(agreementId) },
    ...settings.renewalReminderDaysBeforeEnd.map((days): WorkflowAction => ({
      type: 'CancelTimer',
      key: reminderKey(agreementId, days),
    })),
  ];
  const tasks = termination
    ? openOf(state, [agreement.kickOffTaskId, agreement.renewalTaskId, ...agreement.reminderTaskIds])
    : [];
  return {
    state: {
      ...withAgreement(state, agreementId, { ...agreement, ended: true }),
      openTaskIds: state.openTaskIds.filter((taskId) => !tasks.includes(taskId)),
    },
    actions: [
      ...timers,
      ...tasks.map((taskId) =>
        cancel(
          taskId,
          `Agreement terminated on ${termination?.terminatedOn ?? ''}: ${termination?.reason ?? ''}`,
        ),
      ),
    ],
  };
}

function timerFired(
  state: AgreementSignedState,
  timer: TimerFired,
  settings: AgreementSignedSettings,
): Decision {
  const agreementId = String(timer.payload.agreementId);
  const agreement = state.agreements[agreementId];
  if (!agreement || agreement.ended || agreement.endDate === undefined) return nothing(state);
  const { partnerId } = agreement;
  if (timer.key === renewalKey(agreementId)) {
    if (agreement.renewalTaskId !== undefined) return nothing(state);
    const renewalTaskId = taskIdFor(AGREEMENT_SIGNED, timer.timerId);
    return {
      state: {
        ...withAgreement(state, agreementId, { ...agreement, renewalTaskId }),
        openTaskIds: [...state.openTaskIds, renewalTaskId],
      },
      actions: [
        {
          type: 'CreateTask',
          cause: timer.timerId,
          partnerId,
          kind: 'discuss-renewal',
          title: 'Discuss renewal',
          description: `"${agreement.title}" ends on ${agreement.endDate}. Talk with the company and the PI about renewing it.`,
          dueAt: startOfDay(agreement.endDate),
          assignTo: { role: 'owner', partnerId, fallbackTeam: settings.team },
        },
      ],
    };
  }
  const days = Number(timer.payload.days);
  if (timer.key !== reminderKey(agreementId, days) || agreement.remindersSent.includes(days))
    return nothing(state);
  if (!isOpen(state, agreement.renewalTaskId)) return nothing(state);
  const reminderTaskId = taskIdFor(AGREEMENT_SIGNED, timer.timerId);
  return {
    state: {
      ...withAgreement(state, agreementId, {
        ...agreement,
        remindersSent: [...agreement.remindersSent, days],
        reminderTaskIds: [...agreement.reminderTaskIds, reminderTaskId],
      }),
      openTaskIds: [...state.openTaskIds, reminderTaskId],
    },
    actions: [
      {
        type: 'CreateTask',
        cause: timer.timerId,
        partnerId,
        kind: 'renewal-reminder',
        title: `Renewal reminder: ${days} days left`,
        description: `"Discuss renewal" is still open and "${agreement.title}" ends on ${agreement.endDate}. This reminder closes by itself when the renewal task does.`,
        dueAt: plusDays(timer.dueAt, settings.reminderWithinDays),
        assignTo: { role: 'owner', partnerId, fallbackTeam: settings.team },
      },
    ],
  };
}

function taskClosed(
  state: AgreementSignedState,
  taskId: string,
  settings: AgreementSignedSettings,
): Decision {
  if (!state.openTaskIds.includes(taskId)) return nothing(state);
  const openTaskIds = state.openTaskIds.filter((id) => id !== taskId);
  const entry = Object.entries(state.agreements).find(([, agreement]) => agreement.renewalTaskId === taskId);
  if (!entry) return { state: { ...state, openTaskIds }, actions: [] };
  // The renewal is settled: its reminders stop, and open ones close with it.
  const [agreementId, agreement] = entry;
  const reminders = agreement.reminderTaskIds.filter((id) => openTaskIds.includes(id));
  return {
    state: { ...state, openTaskIds: openTaskIds.filter((id) => !reminders.includes(id)) },
    actions: [
      ...settings.renewalReminderDaysBeforeEnd
        .filter((days) => !agreement.remindersSent.includes(days))
        .map((days): WorkflowAction => ({ type: 'CancelTimer', key: reminderKey(agreementId, days) })),
      ...reminders.map((id) => cancel(id, 'The renewal task was closed')),
    ],
  };
}

const cancel = (taskId: string, reason: string): WorkflowAction => ({ type: 'CancelTask', taskId, reason });

const isOpen = (state: AgreementSignedState, taskId: string | undefined): boolean =>
  taskId !== undefined && state.openTaskIds.includes(taskId);

const openOf = (state: AgreementSignedState, taskIds: readonly (string | undefined)[]): string[] =>
  taskIds.filter((taskId): taskId is string => isOpen(state, taskId));

const withAgreement = (
  state: AgreementSignedState,
  agreementId: string,
  agreement: TrackedAgreement,
): AgreementSignedState => ({ ...state, agreements: { ...state.agreements, [agreementId]: agreement } });

export const agreementSignedPlaybook: Playbook<AgreementSignedState, AgreementSignedSettings> = {
  name: AGREEMENT_SIGNED,
  eventTypes: [
    'AgreementSigned',
    'AgreementAmended',
    'AgreementTerminated',
    'AgreementExpired',
    ...careersEventTypes,
    'TaskCompleted',
    'TaskCancelled',
  ],
  instanceOf: partnerIdOf,
  initialState: () => ({ agreements: {}, openTaskIds: [] }),
  react,
  defaultSettings: defaultAgreementSignedSettings,
};
