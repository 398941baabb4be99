import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Roles, ValidQuery } from '@continuum/http';
import { teams } from '@continuum/staff';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TASK_INBOX_PROJECTION, TaskInboxEntry } from '@continuum/tasks';
import { ReadYourWrites } from '../shared/read-your-writes';
import { cursorParam, encodeCursor } from './inbox-cursor';

const taskStatuses = ['open', 'in-progress', 'completed', 'cancelled'] as const;
const openStatuses = ['open', 'in-progress'];

const inboxQuery = z.object({
  assignee: z.string().trim().min(1).optional(),
  team: z.enum(teams).optional(),
  status: z
    .string()
    .transform((text) => text.split(',').map((status) => status.trim()))
    .pipe(z.array(z.enum(taskStatuses)).min(1))
    .optional(),
  partnerId: z.string().trim().min(1).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorParam.optional(),
  minPosition: z.string().optional(),
});
type InboxQuery = z.infer<typeof inboxQuery>;

export interface InboxTask {
  readonly taskId: string;
  readonly partnerId: string;
  readonly kind: string;
  readonly title: string;
  readonly status: TaskInboxEntry['status'];
  readonly dueAt: string;
  /** Open or in progress past its due time, by the clock of this request. */
  readonly overdue: boolean;
  readonly assignee: { readonly staffId: string } | { readonly team: string };
  readonly origin: { readonly playbook: string } | { readonly createdBy: string };
  readonly escalations: {
    readonly count: number;
    readonly lastEscalatedTo: string | null;
    readonly lastEscalatedAt: string | null;
  };
  readonly createdAt: string;
  readonly assignedAt: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly cancelledAt: string | null;
  readonly updatedAt: string;
  readonly revision: number;
}

export interface InboxPage {
  readonly items: readonly InboxTask[];
  readonly nextCursor: string | null;
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

function inboxTask(entry: TaskInboxEntry, now: Date): InboxTask {
  return {
    taskId: entry.taskId,
    partnerId: entry.partnerId,
    kind: entry.kind,
    title: entry.title,
    status: entry.status,
    dueAt: entry.dueAt.toISOString(),
    overdue: openStatuses.includes(entry.status) && entry.dueAt < now,
    assignee:
      entry.assigneeStaffId !== null
        ? { staffId: entry.assigneeStaffId }
        : { team: entry.assigneeTeam ?? '' },
    origin:
      entry.originPlaybook !== null
        ? { playbook: entry.originPlaybook }
        : { createdBy: entry.originCreatedBy ?? '' },
    escalations: {
      count: entry.escalations,
      lastEscalatedTo: entry.lastEscalatedTo,
      lastEscalatedAt: iso(entry.lastEscalatedAt),
    },
    createdAt: entry.createdAt.toISOString(),
    assignedAt: iso(entry.assignedAt),
    startedAt: iso(entry.startedAt),
    completedAt: iso(entry.completedAt),
    cancelledAt: iso(entry.cancelledAt),
    updatedAt: entry.updatedAt.toISOString(),
    revision: entry.revision,
  };
}

@ApiTags('tasks')
@Controller('tasks')
export class TaskInboxController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({
    summary: 'The task inbox, soonest due first (then by id), a page at a time',
    description:
      "Filters combine with AND. `team` finds tasks waiting in that team's queue; `status` takes one status or a comma-separated list; `overdue` is computed when you ask (open or in progress, due before now). Pass `nextCursor` back as `cursor` for the next page; pass minPosition (from a command response) to read your own write.",
  })
  @ApiQuery({ name: 'assignee', required: false, description: 'Staff id the task is assigned to' })
  @ApiQuery({ name: 'team', required: false, enum: teams, description: "Tasks waiting in this team's queue" })
  @ApiQuery({ name: 'status', required: false, example: 'open,in-progress' })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, 50 by default' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'Wait until the inbox shows this position' })
  @ApiProblems(['invalid-request', 'read-model-behind'])
  async inbox(@ValidQuery(inboxQuery) query: InboxQuery): Promise<InboxPage> {
    await this.readYourWrites.waitFor(TASK_INBOX_PROJECTION, query.minPosition);
    const now = new Date();
    const select = this.dataSource
      .getRepository(TaskInboxEntry)
      .createQueryBuilder('task')
      .orderBy('task.dueAt', 'ASC')
      .addOrderBy('task.taskId', 'ASC')
      .limit(query.limit + 1);
    if (query.assignee) select.andWhere('task.assigneeStaffId = :assignee', { assignee: query.assignee });
    if (query.team) select.andWhere('task.assigneeTeam = :team', { team: query.team });
    if (query.status) select.andWhere('task.status IN (:...statuses)', { statuses: query.status });
    if (query.partnerId) select.andWhere('task.partnerId = :partnerId', { partnerId: query.partnerId });
    if (query.overdue) {
      const overdue = 'task.dueAt < :now AND task.status IN (:...openStatuses)';
      select.andWhere(query.overdue === 'true' ? `(${overdue})` : `NOT (${overdue})`, { now, openStatuses });
    }
    if (query.cursor) {
      select.andWhere('(task.dueAt, task.taskId) > (CAST(:afterDue AS timestamptz), :afterId)', {
        afterDue: query.cursor.dueAt,
        afterId: query.cursor.taskId,
      });
    }
    const rows = await select.getMany();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((entry) => inboxTask(entry, now)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ dueAt: last.dueAt.toISOString(), taskId: last.taskId })
          : null,
    };
  }
}
