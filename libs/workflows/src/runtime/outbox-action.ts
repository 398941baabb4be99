import type { TaskOrigin } from '@continuum/tasks';
import type { WorkflowAction } from '../playbook';

type TaskAction = Exclude<WorkflowAction, { type: 'ScheduleTimer' } | { type: 'CancelTimer' }>;

/** A task action as kept in the outbox: with the task id it targets and where it came from. */
export type CommandAction = TaskAction & {
  readonly taskId: string;
  readonly origin: Extract<TaskOrigin, { playbook: string }>;
};
