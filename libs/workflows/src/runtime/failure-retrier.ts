import type { Pool, PoolClient } from 'pg';
import { applyInputs, type StoredInput } from './apply-inputs';
import { errorText, retryDelayMs, type Backoff } from './backoff';
import type { Clock } from './clock';
import { UNROUTED } from './feed-runner';
import type { PendingInput } from './inputs';
import type { RegisteredPlaybook } from './registered-playbook';
import { groupBy } from './timer-poller';
import { inTransaction } from './transaction';

interface FailureRow {
  seq: string;
  playbook: string;
  instance_id: string;
  input_id: string;
  input: StoredInput;
  attempts: number;
}

/**
 * Retries inputs a playbook failed on, when their backoff is over. Only the oldest failure of each
 * instance is eligible, so an instance sees its inputs in order; other instances never wait for it.
 */
export async function retryDueFailures(
  pool: Pool,
  playbooks: ReadonlyMap<string, RegisteredPlaybook>,
  clock: Clock,
  options: { readonly batchSize: number; readonly backoff: Backoff },
): Promise<{ readonly claimed: number; readonly resolved: number; readonly commands: number }> {
  return inTransaction(pool, async (client) => {
    const now = clock.now();
    const due = await client.query<FailureRow>(
      `SELECT f.seq, f.playbook, f.instance_id, f.input_id, f.input, f.attempts FROM workflows.failures f
       WHERE f.next_attempt_at <= $1 AND f.playbook = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM workflows.failures e
                         WHERE e.playbook = f.playbook AND e.instance_id = f.instance_id AND e.seq < f.seq)
       ORDER BY f.seq LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, [...playbooks.keys()], options.batchSize],
    );
    let resolved = 0;
    let commands = 0;
    for (const [name, rows] of groupBy(due.rows, (row) => row.playbook)) {
      const registered = playbooks.get(name);
      if (!registered) continue;
      const inputs: PendingInput[] = [];
      for (const row of rows) {
        const routed = await routeAgain(client, registered, row, now, options.backoff);
        if (routed === 'gone') resolved += 1;
        else if (routed) inputs.push(routed);
      }
      const result = await applyInputs(client, registered, inputs, {
        lock: 'skip',
        now,
        backoff: options.backoff,
      });
      resolved += result.applied;
      commands += result.commands;
    }
    return { claimed: due.rows.length, resolved, commands };
  });
}

/** The failed input again; an event `instanceOf` had thrown on is routed anew first. */
async function routeAgain(
  client: PoolClient,
  registered: RegisteredPlaybook,
  row: FailureRow,
  now: Date,
  backoff: Backoff,
): Promise<PendingInput | 'gone' | undefined> {
  const failure = { seq: row.seq, attempts: row.attempts };
  const { input, correlationId } = row.input;
  const pending = { instanceId: row.instance_id, input, inputId: row.input_id, correlationId, failure };
  if (!row.instance_id.startsWith(UNROUTED) || input.type !== 'Event') return pending;
  try {
    const instanceId = registered.playbook.instanceOf(input.event);
    if (instanceId === undefined) {
      await client.query('DELETE FROM workflows.failures WHERE seq = $1', [row.seq]);
      return 'gone';
    }
    return { ...pending, instanceId };
  } catch (error) {
    const attempts = row.attempts + 1;
    await client.query(
      `UPDATE workflows.failures SET error = $2, attempts = $3, last_failed_at = $4, next_attempt_at = $5
       WHERE seq = $1`,
      [row.seq, errorText(error), attempts, now, new Date(now.getTime() + retryDelayMs(attempts, backoff))],
    );
    return undefined;
  }
}
