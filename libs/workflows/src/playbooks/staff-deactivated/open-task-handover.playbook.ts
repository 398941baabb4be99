import type { StaffMemberRegisteredData } from '@continuum/staff';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  WorkflowAction,
} from '../../playbook';

export const OPEN_TASK_HANDOVER = 'open-task-handover';

export interface OpenTaskHandoverSettings {
  /** Used when the departed member belonged to no team we know of. */
  readonly fallbackTeam: string;
}

export const defaultOpenTaskHandoverSettings: OpenTaskHandoverSettings = {
  fallbackTeam: 'corporate-relations',
};

/** One instance per staff member: their teams and the open tasks they hold (task id → partner id). */
export interface OpenTaskHandoverState {
  readonly teams: readonly string[];
  readonly openTasks: Readonly<Record<string, string>>;
  readonly deactivated: boolean;
}

type Decision = PlaybookDecision<OpenTaskHandoverState>;

const staffOf = (assignee: unknown): string | undefined =>
  typeof assignee === 'object' && assignee !== null && 'staffId' in assignee
    ? String(assignee.staffId)
    : undefined;

// Playbooks act as `workflow:<name>`: no person's instance to update.
const staffActor = (actor: unknown): string | undefined =>
  typeof actor === 'string' && !actor.startsWith('workflow:') ? actor : undefined;

/** Task events go to the person they concern: the holder, or whoever closed it. */
function instanceOf(event: PlaybookEvent): string | undefined {
  const { data } = event;
  switch (event.type) {
    case 'StaffMemberRegistered':
    case 'StaffTeamsChanged':
    case 'StaffMemberDeactivated':
    case 'TaskAssigned':
      return typeof data.staffId === 'string' ? data.staffId : undefined;
    case 'TaskCreated':
      return staffOf(data.assignee);
    case 'TaskReassigned':
      return staffOf(data.from);
    case 'TaskCompleted':
      return staffActor(data.completedBy);
    case 'TaskCancelled':
      return staffActor(data.cancelledBy);
    default:
      return undefined;
  }
}

function react(
  state: OpenTaskHandoverState,
  input: PlaybookInput,
  settings: OpenTaskHandoverSettings,
): Decision {
  if (input.type !== 'Event') return { state, actions: [] };
  const { event } = input;
  const taskId = String(event.data.taskId);
  switch (event.type) {
    case 'StaffMemberRegistered':
      return {
        state: { ...state, teams: (event.data as unknown as StaffMemberRegisteredData).teams },
        actions: [],
      };
    case 'StaffTeamsChanged':
      return { state: { ...state, teams: event.data.teams as readonly string[] }, actions: [] };
    case 'StaffMemberDeactivated': {
      if (state.deactivated) return { state, actions: [] };
      const handovers = Object.entries(state.openTasks)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([openTaskId, partnerId]) => handOver(state, openTaskId, partnerId, event, settings));
      return { state: { ...state, deactivated: true, openTasks: {} }, actions: handovers };
    }
    case 'TaskCreated':
    case 'TaskAssigned': {
      if (state.openTasks[taskId] !== undefined) return { state, actions: [] };
      const partnerId = String(event.data.partnerId);
      // Work that still lands on a departed member is handed over at once (TaskAssigned always follows).
      if (state.deactivated)
        return event.type === 'TaskAssigned'
          ? { state, actions: [handOver(state, taskId, partnerId, event, settings)] }
          : { state, actions: [] };
      return { state: { ...state, openTasks: { ...state.openTasks, [taskId]: partnerId } }, actions: [] };
    }
    case 'TaskReassigned':
    case 'TaskCompleted':
    case 'TaskCancelled': {
      if (state.openTasks[taskId] === undefined) return { state, actions: [] };
      const { [taskId]: _gone, ...openTasks } = state.openTasks;
      return { state: { ...state, openTasks }, actions: [] };
    }
    default:
      return { state, actions: [] };
  }
}

// The assignment rules: the partner's owner; if nobody (active) holds it, the member's own team.
function handOver(
  state: OpenTaskHandoverState,
  taskId: string,
  partnerId: string,
  event: PlaybookEvent,
  settings: OpenTaskHandoverSettings,
): WorkflowAction {
  const staffId = instanceOf(event) ?? 'a staff member';
  return {
    type: 'ReassignTask',
    taskId,
    to: { role: 'owner', partnerId, fallbackTeam: state.teams[0] ?? settings.fallbackTeam },
    reason: `Handed over: ${staffId} was deactivated`,
  };
}

export const openTaskHandoverPlaybook: Playbook<OpenTaskHandoverState, OpenTaskHandoverSettings> = {
  name: OPEN_TASK_HANDOVER,
  eventTypes: [
    'StaffMemberRegistered',
    'StaffTeamsChanged',
    'StaffMemberDeactivated',
    'TaskCreated',
    'TaskAssigned',
    'TaskReassigned',
    'TaskCompleted',
    'TaskCancelled',
  ],
  instanceOf,
  initialState: () => ({ teams: [], openTasks: {}, deactivated: false }),
  react,
  defaultSettings: defaultOpenTaskHandoverSettings,
};
