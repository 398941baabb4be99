import type { DomainEvent } from '@continuum/kernel';

/** A person, or a team's queue where the task waits until someone takes it. */
export type TaskAssignee = { readonly staffId: string } | { readonly team: string };

/** A playbook (with the event or timer that caused it) or a person created the task. */
export type TaskOrigin =
  | { readonly playbook: string; readonly causationEventId?: string; readonly timerId?: string }
  | { readonly createdBy: string };

export interface TaskCreatedData {
  readonly taskId: string;
  readonly partnerId: string;
  /** Short machine string, e.g. 'acknowledge-gift'. */
  readonly kind: string;
  readonly title: string;
  readonly description?: string;
  /** ISO 8601 timestamp */
  readonly dueAt: string;
  readonly assignee: TaskAssignee;
  readonly origin: TaskOrigin;
  readonly createdAt: string;
}

/** Told whenever a person becomes responsible, so notifications need no other stream. */
export interface TaskAssignedData {
  readonly taskId: string;
  readonly partnerId: string;
  readonly staffId: string;
  /** Staff id, or the playbook that created the task. */
  readonly assignedBy: string;
  readonly assignedAt: string;
  readonly kind: string;
  readonly title: string;
  readonly dueAt: string;
}

export interface TaskReassignedData {
  readonly taskId: string;
  readonly partnerId: string;
  readonly from: TaskAssignee;
  readonly to: TaskAssignee;
  readonly reassignedBy: string;
  readonly reassignedAt: string;
  readonly reason?: string;
}

export interface TaskStartedData {
  readonly taskId: string;
  readonly partnerId: string;
  readonly startedBy: string;
  readonly startedAt: string;
}

export interface TaskCompletedData {
  readonly taskId: string;
  readonly partnerId: string;
  readonly outcome: string;
  readonly completedBy: string;
  readonly completedAt: string;
}

export interface TaskCancelledData {
  readonly taskId: string;
  readonly partnerId: string;
  readonly reason: string;
  readonly cancelledBy: string;
  readonly cancelledAt: string;
}

export interface TaskEscalatedData {
  readonly taskId: string;
  readonly partnerId: string;
  /** The manager who is told; the task stays with `assignee`. */
  readonly toStaffId: string;
  readonly reason: string;
  readonly escalatedAt: string;
  readonly assignee: TaskAssignee;
  readonly dueAt: string;
}

export type TaskCreated = DomainEvent<'TaskCreated', TaskCreatedData>;
export type TaskAssigned = DomainEvent<'TaskAssigned', TaskAssignedData>;
export type TaskReassigned = DomainEvent<'TaskReassigned', TaskReassignedData>;
export type TaskStarted = DomainEvent<'TaskStarted', TaskStartedData>;
export type TaskCompleted = DomainEvent<'TaskCompleted', TaskCompletedData>;
export type TaskCancelled = DomainEvent<'TaskCancelled', TaskCancelledData>;
export type TaskEscalated = DomainEvent<'TaskEscalated', TaskEscalatedData>;
export type TaskEvent =
  TaskCreated | TaskAssigned | TaskReassigned | TaskStarted | TaskCompleted | TaskCancelled | TaskEscalated;

export const taskEventTypes = [
  'TaskCreated',
  'TaskAssigned',
  'TaskReassigned',
  'TaskStarted',
  'TaskCompleted',
  'TaskCancelled',
  'TaskEscalated',
] as const satisfies readonly TaskEvent['type'][];

export const isStaffAssignee = (assignee: TaskAssignee): assignee is { readonly staffId: string } =>
  'staffId' in assignee;

export const sameAssignee = (a: TaskAssignee, b: TaskAssignee): boolean =>
  isStaffAssignee(a)
    ? isStaffAssignee(b) && a.staffId === b.staffId
    : !isStaffAssignee(b) && a.team === b.team;
