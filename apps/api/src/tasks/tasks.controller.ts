import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  accepted,
  ApiProblems,
  ApiZodBody,
  CurrentPrincipal,
  etagOf,
  ForbiddenProblem,
  IfMatch,
  NotFoundProblem,
  Roles,
  ValidBody,
  type CommandAccepted,
  type Principal,
} from '@continuum/http';
import { staffMemberDecider, staffMemberStream, type StaffMemberState } from '@continuum/staff';
import {
  taskDecider,
  taskStream,
  type CreateTask,
  type TaskCommand,
  type TaskEvent,
  type TaskState,
} from '@continuum/tasks';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { commandContext } from '../shared/command-context';
import { Decide, Load, type Aggregate } from '@continuum/platform';
import { actsOnAnyTask, taskAccessRefusal, type TaskCaller } from './task-access';
import {
  assignTaskBody,
  cancelTaskBody,
  completeTaskBody,
  createTaskBody,
  escalateTaskBody,
  reassignTaskBody,
} from './tasks.schemas';

type TaskAggregate = Aggregate<TaskCommand, TaskEvent, TaskState>;
type TaskChange = Exclude<TaskCommand, CreateTask>;

const task: TaskAggregate = { decider: taskDecider, stream: taskStream };
const staffMember = { decider: staffMemberDecider, stream: staffMemberStream };
const now = (): string => new Date().toISOString();

/** The task aggregate, refusing callers who may not act on it. */
function guardedFor(caller: TaskCaller, assignTo?: string): TaskAggregate {
  // Checked against the very state the decision is made on, so a concurrent reassignment cannot slip past.
  const decide: TaskAggregate['decider']['decide'] = (command, state) => {
    if (state.status !== 'not-created') {
      const refusal = taskAccessRefusal(caller, state, assignTo);
      if (refusal !== undefined) throw new ForbiddenProblem(refusal);
    }
    return taskDecider.decide(command, state);
  };
  return { ...task, decider: { ...taskDecider, decide } };
}

const WHO_ACTS =
  'A caller with only the staff role may act only on a task assigned to them or queued for one of their teams (403 otherwise).';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('staff', 'manager', 'admin')
  @ApiOperation({
    summary: 'Create a task by hand, for a staff member or a team queue (id generated unless given)',
  })
  @ApiZodBody(createTaskBody)
  @ApiProblems(['invalid-request', 'task-already-exists'])
  async create(
    @ValidBody(createTaskBody) body: z.infer<typeof createTaskBody>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const { taskId = randomUUID(), ...details } = body;
    const createdAt = now();
    const command: CreateTask = {
      type: 'CreateTask',
      data: { ...details, taskId, origin: { createdBy: principal.subject }, now: createdAt },
    };
    const outcome = await this.commands.execute(
      Decide.on(task, taskId, command, commandContext(principal, { occurredAt: createdAt })),
    );
    response.status(201).location(`/v1/tasks/${taskId}`);
    return accepted(response, taskId, outcome);
  }

  @Get(':id')
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({ summary: 'A task as recorded, with its revision as ETag' })
  @ApiProblems(['task-not-found'])
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<TaskState> {
    const { state, revision } = await this.queries.execute(Load.of(task, id));
    if (revision < 0) throw new NotFoundProblem('task-not-found', `Task ${id} does not exist`);
    response.setHeader('ETag', etagOf(revision));
    return state as TaskState;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('staff', 'manager', 'admin')
  @ApiOperation({
    summary: 'Assign a task from its team queue (without staffId: to the caller)',
    description: `${WHO_ACTS} A staff member may only take a task for themselves; managers and admins assign to anyone.`,
  })
  @ApiZodBody(assignTaskBody)
  @ApiProblems([
    'invalid-request',
    'task-not-found',
    'task-closed',
    'task-already-assigned',
    'stale-revision',
  ])
  async assign(
    @Param('id') id: string,
    @ValidBody(assignTaskBody) body: z.infer<typeof assignTaskBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const staffId = body.staffId ?? principal.subject;
    const command = {
      type: 'AssignTask' as const,
      data: { taskId: id, staffId, by: principal.subject, now: now() },
    };
    return this.change(
      guardedFor(await this.callerOf(principal), staffId),
      command,
      principal,
      expectedRevision,
      response,
    );
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Reassign a task to another staff member or back to a team queue' })
  @ApiZodBody(reassignTaskBody)
  @ApiProblems(['invalid-request', 'task-not-found', 'task-closed', 'stale-revision'])
  async reassign(
    @Param('id') id: string,
    @ValidBody(reassignTaskBody) body: z.infer<typeof reassignTaskBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'ReassignTask' as const,
      data: { ...body, taskId: id, by: principal.subject, now: now() },
    };
    return this.change(task, command, principal, expectedRevision, response);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles('staff', 'manager', 'admin')
  @ApiOperation({ summary: 'Start working on an assigned task', description: WHO_ACTS })
  @ApiProblems(['invalid-request', 'task-not-found', 'task-closed', 'task-unassigned', 'stale-revision'])
  async start(
    @Param('id') id: string,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'StartTask' as const, data: { taskId: id, by: principal.subject, now: now() } };
    return this.change(
      guardedFor(await this.callerOf(principal)),
      command,
      principal,
      expectedRevision,
      response,
    );
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('staff', 'manager', 'admin')
  @ApiOperation({ summary: 'Complete a task, saying what came of it', description: WHO_ACTS })
  @ApiZodBody(completeTaskBody)
  @ApiProblems([
    'invalid-request',
    'task-not-found',
    'task-already-completed',
    'task-cancelled',
    'stale-revision',
  ])
  async complete(
    @Param('id') id: string,
    @ValidBody(completeTaskBody) body: z.infer<typeof completeTaskBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'CompleteTask' as const,
      data: { taskId: id, outcome: body.outcome, by: principal.subject, now: now() },
    };
    return this.change(
      guardedFor(await this.callerOf(principal)),
      command,
      principal,
      expectedRevision,
      response,
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('staff', 'manager', 'admin')
  @ApiOperation({ summary: 'Cancel a task, saying why', description: WHO_ACTS })
  @ApiZodBody(cancelTaskBody)
  @ApiProblems(['invalid-request', 'task-not-found', 'task-already-completed', 'stale-revision'])
  async cancel(
    @Param('id') id: string,
    @ValidBody(cancelTaskBody) body: z.infer<typeof cancelTaskBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = {
      type: 'CancelTask' as const,
      data: { taskId: id, reason: body.reason, by: principal.subject, now: now() },
    };
    return this.change(
      guardedFor(await this.callerOf(principal)),
      command,
      principal,
      expectedRevision,
      response,
    );
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'Escalate a task to a staff member (usually a manager); it stays with its assignee',
  })
  @ApiZodBody(escalateTaskBody)
  @ApiProblems(['invalid-request', 'task-not-found', 'task-closed', 'stale-revision'])
  async escalate(
    @Param('id') id: string,
    @ValidBody(escalateTaskBody) body: z.infer<typeof escalateTaskBody>,
    @IfMatch() expectedRevision: number | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const command = { type: 'EscalateTask' as const, data: { ...body, taskId: id, now: now() } };
    return this.change(task, command, principal, expectedRevision, response);
  }

  private async change(
    aggregate: TaskAggregate,
    command: TaskChange,
    principal: Principal,
    expectedRevision: number | undefined,
    response: Response,
  ): Promise<CommandAccepted> {
    const { taskId, now: occurredAt } = command.data;
    const outcome = await this.commands.execute(
      Decide.on(aggregate, taskId, command, commandContext(principal, { expectedRevision, occurredAt })),
    );
    return accepted(response, taskId, outcome);
  }

  /** A plain staff member's teams come from their own staff record; managers and admins need none. */
  private async callerOf(principal: Principal): Promise<TaskCaller> {
    const { subject, roles } = principal;
    if (actsOnAnyTask(roles)) return { subject, roles, teams: undefined };
    const { state } = await this.queries.execute(Load.of(staffMember, subject));
    const record = state as StaffMemberState;
    return { subject, roles, teams: record.status === 'active' ? record.teams : undefined };
  }
}
