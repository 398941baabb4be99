import type { TaskAssignedData, TaskAssignee, TaskCreatedData, TaskReassignedData } from '@continuum/tasks';
import type {
  AssignmentRule,
  Playbook,
  PlaybookDecision,
  PlaybookInput,
  WorkflowAction,
} from '../../playbook';
import { later, plusHours } from '../time';

export const OVERDUE_TASK = 'overdue-task';

export interface OverdueTaskSettings {
  /** Escalate this long after the due time (or after a late (re)assignment). */
  readonly escalateAfterHours: number;
  /** Told instead when the assignee has no manager. */
  readonly fallbackTeam: string;
}

export const defaultOverdueTaskSettings: OverdueTaskSettings = {
  escalateAfterHours: 48,
  fallbackTeam: 'corporate-relations',
};

/** One instance per task: who holds it, when it is due, and whether their manager was told. */
export type OverdueTaskState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'open' | 'closed';
      readonly dueAt: string;
      readonly assignee: TaskAssignee;
      /** The assignee whose lateness was escalated; a new assignee gets their own grace. */
      readonly escalatedFor?: string;
    };

const TIMER = 'escalation';

type Decision = PlaybookDecision<OverdueTaskState>;

const assigneeKey = (assignee: TaskAssignee): string =>
  'staffId' in assignee ? `staff:${assignee.staffId}` : `team:${assignee.team}`;

function react(state: OverdueTaskState, input: PlaybookInput, settings: OverdueTaskSettings): Decision {
  if (input.type === 'TimerFired') {
    if (input.key !== TIMER || state.status !== 'open') return { state, actions: [] };
    const key = assigneeKey(state.assignee);
    if (state.escalatedFor === key) return { state, actions: [] };
    return {
      state: { ...state, escalatedFor: key },
      actions: [
        {
          type: 'EscalateTask',
          taskId: String(input.payload.taskId),
          to: escalationTarget(state.assignee, settings),
          reason: `Still open ${settings.escalateAfterHours} hours after it was due (${state.dueAt}); it stays with its assignee.`,
        },
      ],
    };
  }
  const { event } = input;
  switch (event.type) {
    case 'TaskCreated': {
      if (state.status !== 'unknown') return { state, actions: [] };
      const task = event.data as unknown as TaskCreatedData;
      return {
        state: { status: 'open', dueAt: task.dueAt, assignee: task.assignee },
        actions: [schedule(task.taskId, task.dueAt, settings)],
      };
    }
    case 'TaskAssigned': {
      const { taskId, staffId, assignedAt } = event.data as unknown as TaskAssignedData;
      return handOver(state, taskId, { staffId }, assignedAt, settings);
    }
    case 'TaskReassigned': {
      const { taskId, to, reassignedAt } = event.data as unknown as TaskReassignedData;
      return handOver(state, taskId, to, reassignedAt, settings);
    }
    case 'TaskCompleted':
    case 'TaskCancelled':
      return state.status === 'open'
        ? { state: { ...state, status: 'closed' }, actions: [{ type: 'CancelTimer', key: TIMER }] }
        : { state, actions: [] };
    default:
      return { state, actions: [] };
  }
}

/** A new holder gets the same grace after the due time, or after they were handed an overdue task. */
function handOver(
  state: OverdueTaskState,
  taskId: string,
  to: TaskAssignee,
  at: string,
  settings: OverdueTaskSettings,
): Decision {
  if (state.status !== 'open' || assigneeKey(state.assignee) === assigneeKey(to))
    return { state, actions: [] };
  const { escalatedFor: _previousHolder, ...rest } = state;
  return {
    state: { ...rest, assignee: to },
    actions: [schedule(taskId, later(state.dueAt, at), settings)],
  };
}

const schedule = (taskId: string, from: string, settings: OverdueTaskSettings): WorkflowAction => ({
  type: 'ScheduleTimer',
  key: TIMER,
  dueAt: plusHours(from, settings.escalateAfterHours),
  payload: { taskId },
});

// A person's manager is told; a task still in a team queue is brought to that team.
const escalationTarget = (assignee: TaskAssignee, settings: OverdueTaskSettings): AssignmentRule =>
  'staffId' in assignee
    ? { role: 'manager-of', staffId: assignee.staffId, fallbackTeam: settings.fallbackTeam }
    : { team: assignee.team };

export const overdueTaskPlaybook: Playbook<OverdueTaskState, OverdueTaskSettings> = {
  name: OVERDUE_TASK,
  eventTypes: ['TaskCreated', 'TaskAssigned', 'TaskReassigned', 'TaskCompleted', 'TaskCancelled'],
  instanceOf: (event) => (typeof event.data.taskId === 'string' ? event.data.taskId : undefined),
  initialState: () => ({ status: 'unknown' }),
  react,
  defaultSettings: defaultOverdueTaskSettings,
};
