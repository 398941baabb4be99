import { deterministicEventId } from '@continuum/event-store';
import { taskIdFor } from '@continuum/tasks';
import type { PoolClient } from 'pg';
import type { PlaybookInput, WorkflowAction } from '../playbook';
import { errorText, retryDelayMs, type Backoff } from './backoff';
import { writeEffects, type OutboxRow, type TimerWrite } from './effect-writes';
import type { PendingInput } from './inputs';
import type { CommandAction } from './outbox-action';
import type { RegisteredPlaybook } from './registered-playbook';

/** `wait` (the feed runner, the only waiter per playbook) or `skip` instances another worker holds. */
export type LockMode = 'wait' | 'skip';

export interface ApplyOptions {
  readonly lock: LockMode;
  /** Create state rows for instances seen for the first time (default true). */
  readonly createMissing?: boolean;
  readonly now: Date;
  readonly backoff: Backoff;
}

export interface ApplyResult {
  /** Inputs whose instance another transaction holds: untouched, to be tried again later. */
  readonly skipped: readonly PendingInput[];
  readonly applied: number;
  readonly failed: number;
  readonly parked: number;
  readonly commands: number;
}

/** A timer occurrence's stable id: the same schedule replayed gives the same id, a moved timer a new one. */
export const timerIdFor = (playbook: string, instanceId: string, key: string, dueAt: string): string =>
  deterministicEventId('workflow-timer', playbook, instanceId, key, new Date(dueAt).toISOString());

/** Stable per cause and target, so a replay inserts nothing new and a re-dispatch appends nothing new. */
export const commandIdFor = (playbook: string, cause: string, type: string, target: string): string =>
  deterministicEventId('workflow-command', playbook, cause, type, target);

// State is stored as JSON. Playbook states are plain JSON (every playbook spec checks that each state survives
// JSON unchanged), so a batch hands the next input the state as returned and pays the JSON cost once, on write.
const asStored = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

function originOf(pending: PendingInput): CommandAction['origin'] {
  return pending.input.type === 'TimerFired'
    ? { playbook: '', timerId: pending.input.timerId }
    : { playbook: '', causationEventId: pending.input.event.id };
}

/**
 * Runs inputs through one playbook inside the caller's transaction: locks their instances, reacts in
 * order, then writes states, timers and outbox commands in one statement (effect-writes.ts), failures apart.
 * An input whose `react` throws is recorded in `workflows.failures`; later inputs of that instance
 * wait behind it there (order per instance is kept), other instances go on.
 */
export async function applyInputs(
  client: PoolClient,
  registered: RegisteredPlaybook,
  inputs: readonly PendingInput[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { playbook, settings } = registered;
  const name = playbook.name;
  const ids = [...new Set(inputs.map((pending) => pending.instanceId))].sort();
  const result = { skipped: [] as PendingInput[], applied: 0, failed: 0, parked: 0, commands: 0 };
  if (ids.length === 0) return result;

  // Timers only exist beside their instance's state row: the poller skips this insert.
  if (options.lock === 'wait' || options.createMissing !== false)
    await client.query(
      `INSERT INTO workflows.instances (playbook, instance_id, state)
     SELECT $1::text, id, $3::jsonb FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING`,
      [name, ids, JSON.stringify(asStored(playbook.initialState()))],
    );
  // `waiting`: the instance has a recorded failure, so its new inputs queue behind it.
  const locked = await client.query<{ instance_id: string; state: unknown; waiting: boolean }>(
    `SELECT i.instance_id, i.state,
            EXISTS (SELECT 1 FROM workflows.failures f
                    WHERE f.playbook = i.playbook AND f.instance_id = i.instance_id) AS waiting
     FROM workflows.instances i WHERE i.playbook = $1 AND i.instance_id = ANY($2::text[])
     ORDER BY i.instance_id FOR UPDATE OF i ${options.lock === 'skip' ? 'SKIP LOCKED' : ''}`,
    [name, ids],
  );
  const states = new Map(locked.rows.map((row) => [row.instance_id, row.state]));
  const blocked = new Set(locked.rows.filter((row) => row.waiting).map((row) => row.instance_id));
  const changed = new Set<string>();
  const timers = new Map<string, TimerWrite>();
  const outbox: OutboxRow[] = [];
  const newFailures: { pending: PendingInput; error: string | null; attempts: number }[] = [];
  const retriedFailures: { seq: string; error: string; attempts: number }[] = [];
  const resolvedFailures: string[] = [];

  for (const pending of inputs) {
    const { instanceId } = pending;
    if (!states.has(instanceId)) {
      result.skipped.push(pending);
      continue;
    }
    // Inputs retried from the failure table are heads of their instance's queue; others queue behind.
    if (!pending.failure && blocked.has(instanceId)) {
      newFailures.push({ pending, error: null, attempts: 0 });
      result.parked += 1;
      continue;
    }
    let decision;
    try {
      decision = playbook.react(states.get(instanceId), pending.input, settings);
    } catch (error) {
      blocked.add(instanceId);
      result.failed += 1;
      const attempts = (pending.failure?.attempts ?? 0) + 1;
      if (pending.failure)
        retriedFailures.push({ seq: pending.failure.seq, error: errorText(error), attempts });
      else newFailures.push({ pending, error: errorText(error), attempts });
      continue;
    }
    if (pending.failure) resolvedFailures.push(pending.failure.seq);
    result.applied += 1;
    states.set(instanceId, decision.state);
    changed.add(instanceId);
    for (const action of decision.actions) {
      collectAction(name, pending, action, timers, outbox);
    }
  }

  const stored = new Map([...changed].map((id) => [id, JSON.stringify(states.get(id))]));
  result.commands = await writeEffects(
    client,
    name,
    { states: stored, timers: [...timers.values()], outbox },
    options.now,
  );
  await writeFailures(client, name, options, newFailures, retriedFailures, resolvedFailures);
  return result;
}

function collectAction(
  playbook: string,
  pending: PendingInput,
  action: WorkflowAction,
  timers: Map<string, TimerWrite>,
  outbox: OutboxRow[],
): void {
  const { instanceId } = pending;
  const timerKey = (key: string): string => `${instanceId}\u001f${key}`;
  const metadata = {
    correlationId: pending.correlationId,
    causationId: pending.inputId,
    actor: `workflow:${playbook}`,
  };
  const origin = { ...originOf(pending), playbook };
  switch (action.type) {
    case 'ScheduleTimer': {
      const dueAt = new Date(action.dueAt).toISOString();
      timers.set(timerKey(action.key), {
        instanceId,
        key: action.key,
        schedule: {
          id: timerIdFor(playbook, instanceId, action.key, dueAt),
          dueAt,
          payload: action.payload ?? {},
        },
      });
      return;
    }
    case 'CancelTimer':
      timers.set(timerKey(action.key), { instanceId, key: action.key });
      return;
    case 'CreateTask': {
      const taskId = taskIdFor(playbook, action.cause);
      outbox.push({
        id: commandIdFor(playbook, action.cause, action.type, taskId),
        instanceId,
        cause: pending.inputId,
        action: { ...action, taskId, origin },
        metadata,
      });
      return;
    }
    case 'CompleteTask':
    case 'CancelTask':
    case 'EscalateTask':
    case 'ReassignTask':
      outbox.push({
        id: commandIdFor(playbook, pending.inputId, action.type, action.taskId),
        instanceId,
        cause: pending.inputId,
        action: { ...action, origin },
        metadata,
      });
      return;
  }
}

async function writeFailures(
  client: PoolClient,
  playbook: string,
  options: ApplyOptions,
  added: readonly { pending: PendingInput; error: string | null; attempts: number }[],
  retried: readonly { seq: string; error: string; attempts: number }[],
  resolved: readonly string[],
): Promise<void> {
  const at = options.now.getTime();
  if (resolved.length > 0)
    await client.query('DELETE FROM workflows.failures WHERE seq = ANY($1::bigint[])', [resolved]);
  if (retried.length > 0)
    await client.query(
      `UPDATE workflows.failures f SET error = r.error, attempts = r.attempts, last_failed_at = $1::timestamptz,
         next_attempt_at = r.next_attempt_at
       FROM unnest($2::bigint[], $3::text[], $4::int[], $5::timestamptz[]) AS r(seq, error, attempts, next_attempt_at)
       WHERE f.seq = ANY($2::bigint[]) AND f.seq = r.seq`,
      [
        options.now,
        retried.map((row) => row.seq),
        retried.map((row) => row.error),
        retried.map((row) => row.attempts),
        retried.map((row) => new Date(at + retryDelayMs(row.attempts, options.backoff))),
      ],
    );
  await insertFailures(
    client,
    playbook,
    options,
    added.map((row) => ({
      ...row,
      instanceId: row.pending.instanceId,
      inputId: row.pending.inputId,
      stored: storedInput(row.pending),
    })),
  );
}

export interface NewFailure {
  readonly instanceId: string;
  readonly inputId: string;
  readonly stored: StoredInput;
  /** Null: the input did not fail, it waits behind an earlier failed input of its instance. */
  readonly error: string | null;
  readonly attempts: number;
}

/** Records failed (or queued) inputs, in order, in the caller's transaction. */
export async function insertFailures(
  client: PoolClient,
  playbook: string,
  options: Pick<ApplyOptions, 'now' | 'backoff'>,
  added: readonly NewFailure[],
): Promise<void> {
  if (added.length === 0) return;
  const at = options.now.getTime();
  await client.query(
    `INSERT INTO workflows.failures
       (playbook, instance_id, input_id, input, error, attempts, next_attempt_at, first_failed_at, last_failed_at)
     SELECT $1::text, instance_id, input_id, input, error, attempts, next_attempt_at, $7::timestamptz,
       CASE WHEN error IS NULL THEN NULL ELSE $7::timestamptz END
     FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::text[], $6::int[], $8::timestamptz[])
       WITH ORDINALITY AS f(instance_id, input_id, input, error, attempts, next_attempt_at, ordinal)
     ORDER BY ordinal
     ON CONFLICT (playbook, input_id) DO NOTHING`,
    [
      playbook,
      added.map((row) => row.instanceId),
      added.map((row) => row.inputId),
      added.map((row) => JSON.stringify(row.stored)),
      added.map((row) => row.error),
      added.map((row) => row.attempts),
      options.now,
      added.map((row) =>
        row.error === null ? options.now : new Date(at + retryDelayMs(row.attempts, options.backoff)),
      ),
    ],
  );
}

/** What the failure table keeps of an input: enough to hand it to `react` again. */
export interface StoredInput {
  readonly input: PlaybookInput;
  readonly correlationId: string;
}

export const storedInput = (pending: PendingInput): StoredInput => ({
  input: pending.input,
  correlationId: pending.correlationId,
});
