import { deterministicEventId } from '@continuum/event-store';
import { notFound, ruleBroken, type Decider } from '@continuum/kernel';
import type { CreateTask, TaskCommand } from './task.commands';
import {
  isStaffAssignee,
  sameAssignee,
  type TaskAssignee,
  type TaskCreatedData,
  type TaskEvent,
  type TaskOrigin,
} from './task.events';
import { taskCreatedFrom, taskRefusals, targetFrom, validateCommand } from './task.rules';

export type TaskStatus = 'open' | 'in-progress' | 'completed' | 'cancelled';

export interface Escalation {
  readonly toStaffId: string;
  readonly reason: string;
  readonly escalatedAt: string;
}

export interface Task {
  readonly status: TaskStatus;
  readonly taskId: string;
  readonly partnerId: string;
  readonly kind: string;
  readonly title: string;
  readonly description?: string;
  readonly dueAt: string;
  readonly assignee: TaskAssignee;
  /** As first created, to recognise a replayed CreateTask after the task has moved on. */
  readonly initialAssignee: TaskAssignee;
  readonly origin: TaskOrigin;
  readonly escalations: readonly Escalation[];
  readonly completion?: {
    readonly outcome: string;
    readonly completedBy: string;
    readonly completedAt: string;
  };
  readonly cancellation?: {
    readonly reason: string;
    readonly cancelledBy: string;
    readonly cancelledAt: string;
  };
  readonly createdAt: string;
  /** When the current person took it; absent while the task waits in a team queue. */
  readonly assignedAt?: string;
  readonly startedAt?: string;
  readonly updatedAt: string;
}

export type TaskState = { readonly status: 'not-created' } | Task;

export const taskStream = (taskId: string): string => `task-${taskId}`;

/** A stable task id per playbook and cause (event or timer id): replaying a workflow never makes a second task. */
export const taskIdFor = (playbook: string, cause: string): string =>
  deterministicEventId('task', playbook, cause);

/** Open work past its due time; closed tasks are never overdue. */
export const isOverdue = (state: TaskState, now: string): boolean =>
  (state.status === 'open' || state.status === 'in-progress') && Date.parse(now) > Date.parse(state.dueAt);

const initialState = (): TaskState => ({ status: 'not-created' });

const decide = (command: TaskCommand, state: TaskState): TaskEvent[] => {
  if (command.type === 'CreateTask') return create(command, state);
  const { taskId } = command.data;
  validateCommand(command);
  if (state.status === 'not-created') throw notFound(taskRefusals.notFound, `Task ${taskId} does not exist`);
  switch (command.type) {
    case 'AssignTask': {
      const { staffId, by, now } = command.data;
      refuseIfClosed(state);
      if (isStaffAssignee(state.assignee)) {
        if (state.assignee.staffId === staffId) return [];
        throw ruleBroken(
          taskRefusals.alreadyAssigned,
          `Task ${taskId} is already assigned to ${state.assignee.staffId}: reassign it instead`,
        );
      }
      return [assigned(state, staffId, by, now)];
    }
    case 'ReassignTask': {
      const { by, reason, now } = command.data;
      const to = targetFrom(command.data);
      refuseIfClosed(state);
      if (sameAssignee(state.assignee, to)) return [];
      return [
        {
          type: 'TaskReassigned',
          data: {
            taskId,
            partnerId: state.partnerId,
            from: state.assignee,
            to,
            reassignedBy: by,
            reassignedAt: now,
            ...(reason === undefined ? {} : { reason }),
          },
        },
        ...(isStaffAssignee(to) ? [assigned(state, to.staffId, by, now)] : []),
      ];
    }
    case 'StartTask': {
      refuseIfClosed(state);
      if (state.status === 'in-progress') return [];
      if (!isStaffAssignee(state.assignee))
        throw ruleBroken(taskRefusals.unassigned, `Task ${taskId} waits in a team queue: assign it first`);
      const { by, now } = command.data;
      return [
        { type: 'TaskStarted', data: { taskId, partnerId: state.partnerId, startedBy: by, startedAt: now } },
      ];
    }
    case 'CompleteTask': {
      if (state.status === 'completed')
        throw ruleBroken(taskRefusals.alreadyCompleted, `Task ${taskId} is already completed`);
      if (state.status === 'cancelled')
        throw ruleBroken(taskRefusals.cancelled, `Task ${taskId} was cancelled and cannot be completed`);
      const { outcome, by, now } = command.data;
      return [
        {
          type: 'TaskCompleted',
          data: {
            taskId,
            partnerId: state.partnerId,
            outcome: outcome.trim(),
            completedBy: by,
            completedAt: now,
          },
        },
      ];
    }
    case 'CancelTask': {
      if (state.status === 'completed')
        throw ruleBroken(
          taskRefusals.alreadyCompleted,
          `Task ${taskId} is completed and cannot be cancelled`,
        );
      if (state.status === 'cancelled') return [];
      const { reason, by, now } = command.data;
      return [
        {
          type: 'TaskCancelled',
          data: {
            taskId,
            partnerId: state.partnerId,
            reason: reason.trim(),
            cancelledBy: by,
            cancelledAt: now,
          },
        },
      ];
    }
    case 'EscalateTask': {
      const { toStaffId, reason, now } = command.data;
      refuseIfClosed(state);
      if (state.escalations.some((escalation) => escalation.toStaffId === toStaffId)) return [];
      return [
        {
          type: 'TaskEscalated',
          data: {
            taskId,
            partnerId: state.partnerId,
            toStaffId,
            reason: reason.trim(),
            escalatedAt: now,
            assignee: state.assignee,
            dueAt: state.dueAt,
          },
        },
      ];
    }
  }
};

function create(command: CreateTask, state: TaskState): TaskEvent[] {
  const created = taskCreatedFrom(command.data);
  if (state.status === 'not-created') {
    const origin = created.origin;
    const by = 'createdBy' in origin ? origin.createdBy : origin.playbook;
    return [
      { type: 'TaskCreated', data: created },
      ...(isStaffAssignee(created.assignee)
        ? [assigned(created, created.assignee.staffId, by, created.createdAt)]
        : []),
    ];
  }
  if (sameTask(state, created)) return [];
  throw ruleBroken(
    taskRefusals.alreadyExists,
    `Task ${created.taskId} already exists with different details`,
  );
}

// A closed task is never reopened by a side door: assign, start, escalate… all stop here.
function refuseIfClosed(task: Task): void {
  if (task.status === 'completed' || task.status === 'cancelled')
    throw ruleBroken(taskRefusals.closed, `Task ${task.taskId} is ${task.status}`, { status: task.status });
}

const assigned = (
  task: Pick<Task, 'taskId' | 'partnerId' | 'kind' | 'title' | 'dueAt'>,
  staffId: string,
  by: string,
  at: string,
): TaskEvent => ({
  type: 'TaskAssigned',
  data: {
    taskId: task.taskId,
    partnerId: task.partnerId,
    staffId,
    assignedBy: by,
    assignedAt: at,
    kind: task.kind,
    title: task.title,
    dueAt: task.dueAt,
  },
});

const sameTask = (task: Task, again: TaskCreatedData): boolean =>
  task.partnerId === again.partnerId &&
  task.kind === again.kind &&
  task.title === again.title &&
  task.description === again.description &&
  task.dueAt === again.dueAt &&
  sameAssignee(task.initialAssignee, again.assignee) &&
  JSON.stringify(task.origin) === JSON.stringify(again.origin);

const evolve = (state: TaskState, event: TaskEvent): TaskState => {
  if (event.type === 'TaskCreated') {
    const { createdAt, assignee } = event.data;
    return {
      ...event.data,
      status: 'open',
      initialAssignee: assignee,
      escalations: [],
      updatedAt: createdAt,
    };
  }
  if (state.status === 'not-created') return state;
  switch (event.type) {
    case 'TaskAssigned': {
      const { staffId, assignedAt } = event.data;
      return { ...state, assignee: { staffId }, assignedAt, updatedAt: assignedAt };
    }
    case 'TaskReassigned': {
      const { to, reassignedAt } = event.data;
      if (isStaffAssignee(to)) return { ...state, assignee: to, updatedAt: reassignedAt };
      // Back in a team queue nobody holds it, so nobody is working on it either.
      const { assignedAt: _assignedAt, ...rest } = state;
      return { ...rest, assignee: to, status: 'open', updatedAt: reassignedAt };
    }
    case 'TaskStarted':
      return {
        ...state,
        status: 'in-progress',
        startedAt: event.data.startedAt,
        updatedAt: event.data.startedAt,
      };
    case 'TaskCompleted': {
      const { outcome, completedBy, completedAt } = event.data;
      return {
        ...state,
        status: 'completed',
        completion: { outcome, completedBy, completedAt },
        updatedAt: completedAt,
      };
    }
    case 'TaskCancelled': {
      const { reason, cancelledBy, cancelledAt } = event.data;
      return {
        ...state,
        status: 'cancelled',
        cancellation: { reason, cancelledBy, cancelledAt },
        updatedAt: cancelledAt,
      };
    }
    case 'TaskEscalated': {
      const { toStaffId, reason, escalatedAt } = event.data;
      return {
        ...state,
        escalations: [...state.escalations, { toStaffId, reason, escalatedAt }],
        updatedAt: escalatedAt,
      };
    }
  }
};

export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState> = { decide, evolve, initialState };
