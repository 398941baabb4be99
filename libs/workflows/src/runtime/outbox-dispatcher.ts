import type { EventMetadata } from '@continuum/event-store';
import type { TaskAssignee } from '@continuum/tasks';
import type { Pool } from 'pg';
import type { AssignmentResolver } from './assignment-resolver';
import { errorText, retryDelayMs, type Backoff } from './backoff';
import type { Clock } from './clock';
import type { CommandAction } from './outbox-action';
import {
  assignmentRuleOf,
  decideOnTask,
  isAlreadyHappened,
  taskCommandFor,
  type CommandGateway,
} from './task-commands';
import { groupBy } from './timer-poller';

interface OutboxRow {
  id: string;
  seq: string;
  playbook: string;
  action: CommandAction;
  metadata: EventMetadata;
  issued_at: Date;
  attempts: number;
}

export interface DispatchOptions {
  readonly batchSize: number;
  /** A claimed row not marked within this time is claimed again (its worker died mid-dispatch). */
  readonly leaseMs: number;
  readonly backoff: Backoff;
  /** Test seam: runs before each command is dispatched (throw to simulate a crash). */
  readonly beforeDispatch?: (commandId: string) => Promise<void>;
  /** Test seam: runs after a command was dispatched, before the row is marked done. */
  readonly afterDispatch?: (commandId: string) => Promise<void>;
}

type Outcome =
  { readonly id: string; readonly done: string } | { readonly id: string; readonly error: string };

/**
 * Dispatches outbox rows after their transaction committed. A row is leased (a short UPDATE, no
 * transaction held while the command runs), dispatched, then marked done; a crash in between leaves
 * the lease to expire and the row is dispatched again, which the command's idempotency key absorbs.
 */
export class OutboxDispatcher {
  constructor(
    private readonly pool: Pool,
    private readonly gateway: CommandGateway,
    private readonly resolver: AssignmentResolver,
    private readonly clock: Clock,
    private readonly options: DispatchOptions,
  ) {}

  /**
   * One round: claims up to a batch, resolves all its assignment rules at once (a fixed number of
   * queries, and the round's tasks for one team spread over its members), then dispatches the rows
   * (rows of one task in order). If resolving fails, every row of the round fails and is retried.
   */
  async dispatchDue(): Promise<{ readonly claimed: number; readonly done: number; readonly failed: number }> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE workflows.outbox SET leased_until = $2
       WHERE id IN (
         SELECT id FROM workflows.outbox
         WHERE done_at IS NULL AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
         ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, seq, playbook, action, metadata, issued_at, attempts`,
      [now, new Date(now.getTime() + this.options.leaseMs), this.options.batchSize],
    );
    rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
    const outcomes = await this.dispatchAll(rows);
    await this.record(rows, outcomes);
    return {
      claimed: rows.length,
      done: outcomes.filter((outcome) => 'done' in outcome).length,
      failed: outcomes.filter((outcome) => 'error' in outcome).length,
    };
  }

  private async dispatchAll(rows: readonly OutboxRow[]): Promise<Outcome[]> {
    let assignees: ReadonlyMap<string, TaskAssignee>;
    try {
      assignees = await this.assigneesFor(rows);
    } catch (error) {
      // One call resolves the whole round, so its failure (the database down, likely) fails every row.
      return rows.map((row) => ({ id: row.id, error: `Resolving assignments: ${errorText(error)}` }));
    }
    const outcomes: Outcome[] = [];
    await Promise.all(
      [...groupBy(rows, (row) => row.action.taskId).values()].map(async (ofOneTask) => {
        for (const row of ofOneTask) outcomes.push(await this.dispatch(row, assignees.get(row.id)));
      }),
    );
    return outcomes;
  }

  /** The assignee of each row that has an assignment rule, by row id: one resolver call, in seq order. */
  private async assigneesFor(rows: readonly OutboxRow[]): Promise<Map<string, TaskAssignee>> {
    const needing = rows.flatMap((row) => {
      const rule = assignmentRuleOf(row.action);
      return rule ? [{ id: row.id, rule }] : [];
    });
    const byRow = new Map<string, TaskAssignee>();
    if (needing.length === 0) return byRow;
    const assignees = await this.resolver.resolveAll(needing.map((row) => row.rule));
    needing.forEach((row, index) => {
      const assignee = assignees[index];
      if (assignee) byRow.set(row.id, assignee);
    });
    return byRow;
  }

  // The seams run outside the try: a throw there is a crash (the round ends, the lease stays), not a failure.
  private async dispatch(row: OutboxRow, assignee: TaskAssignee | undefined): Promise<Outcome> {
    await this.options.beforeDispatch?.(row.id);
    const outcome = await this.execute(row, assignee);
    if ('done' in outcome) await this.options.afterDispatch?.(row.id);
    return outcome;
  }

  private async execute(row: OutboxRow, assignee: TaskAssignee | undefined): Promise<Outcome> {
    try {
      const actor = `workflow:${row.playbook}`;
      const issuedAt = row.issued_at.toISOString();
      const command = taskCommandFor(row.action, { issuedAt, actor }, assignee);
      await this.gateway.execute(
        decideOnTask(row.action.taskId, command, {
          metadata: { ...row.metadata, actor, occurredAt: issuedAt },
          idempotencyKey: `workflow-command:${row.id}`,
          startsStream: command.type === 'CreateTask',
        }),
      );
      return { id: row.id, done: 'dispatched' };
    } catch (error) {
      if (isAlreadyHappened(error)) return { id: row.id, done: `already: ${errorText(error)}` };
      return { id: row.id, error: errorText(error) };
    }
  }

  private async record(rows: readonly OutboxRow[], outcomes: readonly Outcome[]): Promise<void> {
    const now = this.clock.now();
    const done = outcomes.flatMap((outcome) => ('done' in outcome ? [outcome] : []));
    if (done.length > 0)
      await this.pool.query(
        `UPDATE workflows.outbox o SET done_at = $1, outcome = d.outcome, leased_until = NULL, last_error = NULL
         FROM unnest($2::uuid[], $3::text[]) AS d(id, outcome) WHERE o.id = ANY($2::uuid[]) AND o.id = d.id`,
        [now, done.map((outcome) => outcome.id), done.map((outcome) => outcome.done)],
      );
    const attemptsOf = new Map(rows.map((row) => [row.id, row.attempts]));
    const failed = outcomes.flatMap((outcome) => ('error' in outcome ? [outcome] : []));
    if (failed.length > 0)
      await this.pool.query(
        `UPDATE workflows.outbox o SET attempts = o.attempts + 1, last_error = f.error, leased_until = NULL,
           next_attempt_at = f.next_attempt_at
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS f(id, error, next_attempt_at)
         WHERE o.id = ANY($1::uuid[]) AND o.id = f.id`,
        [
          failed.map((outcome) => outcome.id),
          failed.map((outcome) => outcome.error),
          failed.map(
            (outcome) =>
              new Date(
                now.getTime() + retryDelayMs((attemptsOf.get(outcome.id) ?? 0) + 1, this.options.backoff),
              ),
          ),
        ],
      );
  }

  /** Done rows are kept a while (a replay then inserts nothing), then purged. */
  async purgeDone(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    const result = await this.pool.query('DELETE FROM workflows.outbox WHERE done_at < $1', [cutoff]);
    return result.rowCount ?? 0;
  }
}
