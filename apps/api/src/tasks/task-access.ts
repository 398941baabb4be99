import type { Role } from '@continuum/http';
import { isStaffAssignee, type TaskAssignee } from '@continuum/tasks';

/** Who is acting, with the teams of their active staff record (`undefined` when they have none). */
export interface TaskCaller {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly teams: readonly string[] | undefined;
}

/** Managers and admins act on any task; a plain staff member only on their own and their teams' work. */
export const actsOnAnyTask = (roles: readonly Role[]): boolean =>
  roles.includes('manager') || roles.includes('admin');

/**
 * Why `caller` may not act on the task (start, complete, cancel, or assign to `assignTo`), or
 * `undefined` when they may. A staff member may only take a task for themselves.
 */
export function taskAccessRefusal(
  caller: TaskCaller,
  task: { readonly taskId: string; readonly assignee: TaskAssignee },
  assignTo?: string,
): string | undefined {
  if (actsOnAnyTask(caller.roles)) return undefined;
  if (assignTo !== undefined && assignTo !== caller.subject)
    return `A staff member may only take a task for themselves, not assign it to ${assignTo}`;
  const { assignee, taskId } = task;
  if (isStaffAssignee(assignee))
    return assignee.staffId === caller.subject
      ? undefined
      : `Task ${taskId} is assigned to ${assignee.staffId}, not to you`;
  if (caller.teams === undefined)
    return `Task ${taskId} waits in the ${assignee.team} queue and you have no active staff record with teams`;
  return caller.teams.includes(assignee.team)
    ? undefined
    : `Task ${taskId} waits in the ${assignee.team} queue, which is not one of your teams`;
}
