import type { Pool } from 'pg';
import type { TimerFired } from '../playbook';
import { applyInputs } from './apply-inputs';
import type { Backoff } from './backoff';
import type { Clock } from './clock';
import type { PendingInput } from './inputs';
import type { RegisteredPlaybook } from './registered-playbook';
import { inTransaction } from './transaction';

interface DueTimerRow {
  id: string;
  playbook: string;
  instance_id: string;
  key: string;
  due_at: Date;
  payload: Record<string, unknown>;
}

export interface FiredTimer {
  readonly playbook: string;
  readonly timerId: string;
  readonly dueAt: Date;
}

export interface TimerRoundResult {
  readonly claimed: number;
  /** The earliest timer still pending after this round, if any. */
  readonly nextDueAt: Date | undefined;
  readonly fired: readonly FiredTimer[];
  readonly commands: number;
}

/**
 * Fires due timers in batches. `FOR UPDATE SKIP LOCKED` lets several workers share the table: each
 * timer is claimed by one transaction, which reacts, writes the outcome and deletes the timer, so a
 * timer fires once whatever crashes (a crash rolls the claim back and the timer is still there).
 */
export async function fireDueTimers(
  pool: Pool,
  playbooks: ReadonlyMap<string, RegisteredPlaybook>,
  clock: Clock,
  options: { readonly batchSize: number; readonly backoff: Backoff },
): Promise<TimerRoundResult> {
  return inTransaction(pool, async (client) => {
    const now = clock.now();
    const due = await client.query<DueTimerRow>(
      `SELECT id, playbook, instance_id, key, due_at, payload FROM workflows.timers
       WHERE due_at <= $1 AND playbook = ANY($2::text[])
       ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, [...playbooks.keys()], options.batchSize],
    );
    const fired: FiredTimer[] = [];
    let commands = 0;
    for (const [name, rows] of groupBy(due.rows, (row) => row.playbook)) {
      const registered = playbooks.get(name);
      if (!registered) continue;
      const inputs = rows.map(timerInput);
      const result = await applyInputs(client, registered, inputs, {
        lock: 'skip',
        createMissing: false,
        now,
        backoff: options.backoff,
      });
      commands += result.commands;
      const skipped = new Set(result.skipped.map((pending) => pending.inputId));
      const done = rows.filter((row) => !skipped.has(row.id));
      // By id: a timer the reaction just moved (same key, new due time) has a new id and stays.
      await client.query('DELETE FROM workflows.timers WHERE id = ANY($1::uuid[])', [
        done.map((row) => row.id),
      ]);
      fired.push(...done.map((row) => ({ playbook: name, timerId: row.id, dueAt: row.due_at })));
    }
    const next = await client.query<{ due_at: Date | null }>(
      'SELECT min(due_at) AS due_at FROM workflows.timers WHERE playbook = ANY($1::text[])',
      [[...playbooks.keys()]],
    );
    return { claimed: due.rows.length, nextDueAt: next.rows[0]?.due_at ?? undefined, fired, commands };
  });
}

function timerInput(row: DueTimerRow): PendingInput {
  const input: TimerFired = {
    type: 'TimerFired',
    key: row.key,
    timerId: row.id,
    dueAt: row.due_at.toISOString(),
    payload: row.payload,
  };
  return { instanceId: row.instance_id, input, inputId: row.id, correlationId: row.id };
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
