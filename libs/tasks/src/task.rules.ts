import { invalid } from '@continuum/kernel';
import type { CreateTask, TaskCommand } from './task.commands';
import type { TaskAssignee, TaskCreatedData, TaskOrigin } from './task.events';

export const taskRefusals = {
  notFound: 'task-not-found',
  alreadyExists: 'task-already-exists',
  closed: 'task-closed',
  alreadyCompleted: 'task-already-completed',
  cancelled: 'task-cancelled',
  alreadyAssigned: 'task-already-assigned',
  unassigned: 'task-unassigned',
  partnerRequired: 'task-partner-required',
  invalidKind: 'task-kind-invalid',
  titleRequired: 'task-title-required',
  invalidDueAt: 'task-due-at-invalid',
  invalidAssignee: 'task-assignee-invalid',
  invalidOrigin: 'task-origin-invalid',
  outcomeRequired: 'task-outcome-required',
  reasonRequired: 'task-reason-required',
  escalationTargetRequired: 'task-escalation-target-required',
} as const;

const KIND = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_KIND_LENGTH = 64;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isTimestamp = (value: string): boolean =>
  TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));

const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function requireText(value: unknown, code: string, message: string): void {
  if (!hasText(value)) throw invalid(code, message);
}

/** Validates a CreateTask and normalises it into the event's data, so a replay compares equal. */
export function taskCreatedFrom(data: CreateTask['data']): TaskCreatedData {
  requireText(data.partnerId, taskRefusals.partnerRequired, `Task ${data.taskId} names no partner`);
  if (!KIND.test(data.kind) || data.kind.length > MAX_KIND_LENGTH)
    throw invalid(taskRefusals.invalidKind, `"${data.kind}" is not a task kind like 'acknowledge-gift'`);
  requireText(data.title, taskRefusals.titleRequired, `Task ${data.taskId} needs a title`);
  if (!isTimestamp(data.dueAt))
    throw invalid(taskRefusals.invalidDueAt, `"${data.dueAt}" is not an ISO 8601 timestamp`);
  const description = data.description?.trim();
  return {
    taskId: data.taskId,
    partnerId: data.partnerId,
    kind: data.kind,
    title: data.title.trim(),
    ...(description ? { description } : {}),
    dueAt: data.dueAt,
    assignee: assigneeFrom(data.assignee),
    origin: originFrom(data.origin),
    createdAt: data.now,
  };
}

function assigneeFrom(assignee: TaskAssignee): TaskAssignee {
  const { staffId, team } = assignee as { readonly staffId?: unknown; readonly team?: unknown };
  return oneOf(staffId, team);
}

/** The target of a reassignment: exactly one person or one team. */
export const targetFrom = (data: { readonly toStaffId?: string; readonly toTeam?: string }): TaskAssignee =>
  oneOf(data.toStaffId, data.toTeam);

function oneOf(staffId: unknown, team: unknown): TaskAssignee {
  if (hasText(staffId) && team === undefined) return { staffId };
  if (hasText(team) && staffId === undefined) return { team };
  throw invalid(taskRefusals.invalidAssignee, 'A task goes to exactly one staff member or one team');
}

// Only the known keys are kept, in a fixed order, so the same origin always serialises the same.
function originFrom(origin: TaskOrigin): TaskOrigin {
  if ('playbook' in origin && hasText(origin.playbook) && !('createdBy' in origin)) {
    const { playbook, causationEventId, timerId } = origin;
    return {
      playbook,
      ...(causationEventId === undefined ? {} : { causationEventId }),
      ...(timerId === undefined ? {} : { timerId }),
    };
  }
  if ('createdBy' in origin && hasText(origin.createdBy) && !('playbook' in origin))
    return { createdBy: origin.createdBy };
  throw invalid(taskRefusals.invalidOrigin, 'A task comes from either a playbook or a staff member');
}

/** Input that makes no sense is refused before the task is even looked at. */
export function validateCommand(command: Exclude<TaskCommand, CreateTask>): void {
  switch (command.type) {
    case 'AssignTask':
      requireText(command.data.staffId, taskRefusals.invalidAssignee, 'Assign the task to a staff id');
      break;
    case 'ReassignTask':
      targetFrom(command.data);
      break;
    case 'StartTask':
      break;
    case 'CompleteTask':
      requireText(command.data.outcome, taskRefusals.outcomeRequired, 'Say what came of the task');
      break;
    case 'CancelTask':
      requireText(command.data.reason, taskRefusals.reasonRequired, 'Say why the task is cancelled');
      break;
    case 'EscalateTask':
      requireText(command.data.toStaffId, taskRefusals.escalationTargetRequired, 'Name who is told');
      requireText(command.data.reason, taskRefusals.reasonRequired, 'Say why the task is escalated');
      break;
  }
}
