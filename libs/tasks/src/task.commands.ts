import type { DomainCommand } from '@continuum/kernel';
import type { TaskAssignee, TaskOrigin } from './task.events';

export type CreateTask = DomainCommand<
  'CreateTask',
  {
    readonly taskId: string;
    readonly partnerId: string;
    readonly kind: string;
    readonly title: string;
    readonly description?: string;
    readonly dueAt: string;
    readonly assignee: TaskAssignee;
    readonly origin: TaskOrigin;
    readonly now: string;
  }
>;
export type AssignTask = DomainCommand<
  'AssignTask',
  { readonly taskId: string; readonly staffId: string; readonly by: string; readonly now: string }
>;
export type ReassignTask = DomainCommand<
  'ReassignTask',
  (
    | { readonly toStaffId: string; readonly toTeam?: never }
    | { readonly toTeam: string; readonly toStaffId?: never }
  ) & {
    readonly taskId: string;
    readonly by: string;
    readonly reason?: string;
    readonly now: string;
  }
>;
export type StartTask = DomainCommand<
  'StartTask',
  { readonly taskId: string; readonly by: string; readonly now: string }
>;
export type CompleteTask = DomainCommand<
  'CompleteTask',
  { readonly taskId: string; readonly outcome: string; readonly by: string; readonly now: string }
>;
export type CancelTask = DomainCommand<
  'CancelTask',
  { readonly taskId: string; readonly reason: string; readonly by: string; readonly now: string }
>;
export type EscalateTask = DomainCommand<
  'EscalateTask',
  { readonly taskId: string; readonly toStaffId: string; readonly reason: string; readonly now: string }
>;
export type TaskCommand =
  CreateTask | AssignTask | ReassignTask | StartTask | CompleteTask | CancelTask | EscalateTask;
