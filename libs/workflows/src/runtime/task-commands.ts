import { EventIdReusedError } from '@continuum/event-store';
import { DomainError, type CommandContext } from '@continuum/kernel';
import { Decide, type Aggregate } from '@continuum/platform';
import {
  isStaffAssignee,
  taskDecider,
  taskRefusals,
  taskStream,
  type TaskAssignee,
  type TaskCommand,
  type TaskEvent,
  type TaskState,
} from '@continuum/tasks';
import type { AssignmentRule } from '../playbook';
import type { CommandAction } from './outbox-action';

const taskAggregate: Aggregate<TaskCommand, TaskEvent, TaskState> = {
  decider: taskDecider,
  stream: taskStream,
};

/** What dispatches commands: @nestjs/cqrs's CommandBus, or anything shaped like it in tests. */
export interface CommandGateway {
  execute(command: Decide): Promise<unknown>;
}

/** No staff member to escalate to: retried, since someone may join the team. */
export class NobodyToEscalateToError extends Error {
  constructor(team: string) {
    super(`Nobody to escalate to: team ${team} has no active member`);
    this.name = 'NobodyToEscalateToError';
  }
}

// Refusals that mean the command's effect is already there (or can no longer matter): done, not failed.
const alreadyHappened = new Set<string>([
  taskRefusals.alreadyExists,
  taskRefusals.alreadyCompleted,
  taskRefusals.cancelled,
  taskRefusals.closed,
]);

export const isAlreadyHappened = (error: unknown): boolean =>
  error instanceof EventIdReusedError || (error instanceof DomainError && alreadyHappened.has(error.code));

/** The assignment rule an outbox row needs resolved before it can be dispatched, if any. */
export function assignmentRuleOf(action: CommandAction): AssignmentRule | undefined {
  switch (action.type) {
    case 'CreateTask':
      return action.assignTo;
    case 'EscalateTask':
    case 'ReassignTask':
      return action.to;
    case 'CompleteTask':
    case 'CancelTask':
      return undefined;
  }
}

/** Builds the task command for an outbox row, with its assignment rule already resolved to `assignee`. */
export function taskCommandFor(
  action: CommandAction,
  context: { readonly issuedAt: string; readonly actor: string },
  assignee: TaskAssignee | undefined,
): TaskCommand {
  const { taskId } = action;
  const now = context.issuedAt;
  const by = context.actor;
  const resolved = (): TaskAssignee => {
    if (!assignee) throw new Error(`${action.type} for task ${taskId} was dispatched without its assignee`);
    return assignee;
  };
  switch (action.type) {
    case 'CreateTask':
      return {
        type: 'CreateTask',
        data: {
          taskId,
          partnerId: action.partnerId,
          kind: action.kind,
          title: action.title,
          ...(action.description === undefined ? {} : { description: action.description }),
          dueAt: action.dueAt,
          assignee: resolved(),
          origin: action.origin,
          now,
        },
      };
    case 'CompleteTask':
      return { type: 'CompleteTask', data: { taskId, outcome: action.outcome, by, now } };
    case 'CancelTask':
      return { type: 'CancelTask', data: { taskId, reason: action.reason, by, now } };
    case 'EscalateTask': {
      const to = resolved();
      if (!isStaffAssignee(to)) throw new NobodyToEscalateToError(to.team);
      return { type: 'EscalateTask', data: { taskId, toStaffId: to.staffId, reason: action.reason, now } };
    }
    case 'ReassignTask': {
      const to = resolved();
      const target = isStaffAssignee(to) ? { toStaffId: to.staffId } : { toTeam: to.team };
      return { type: 'ReassignTask', data: { taskId, ...target, by, reason: action.reason, now } };
    }
  }
}

export const decideOnTask = (taskId: string, command: TaskCommand, context: CommandContext): Decide =>
  Decide.on(taskAggregate, taskId, command, context);
