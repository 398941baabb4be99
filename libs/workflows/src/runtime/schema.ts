import type { Pool } from 'pg';

export const WORKFLOWS_SCHEMA = 'workflows';

/**
 * The runtime's tables. `instances`: each playbook instance's state. `checkpoints`: how far each playbook
 * has read the feed. `timers`: one row per pending timer. `outbox`: commands to dispatch after commit.
 * `failures`: inputs a playbook could not handle yet, retried with backoff, in order per instance.
 */
const statements = [
  `CREATE SCHEMA IF NOT EXISTS ${WORKFLOWS_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS workflows.checkpoints (
     playbook text PRIMARY KEY,
     commit_position bigint,
     prepare_position bigint,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS workflows.instances (
     playbook text NOT NULL,
     instance_id text NOT NULL,
     state jsonb NOT NULL,
     inputs integer NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (playbook, instance_id))`,
  // Room on each page, so a state update stays on its page and its index entry (a HOT update).
  `ALTER TABLE workflows.instances SET (fillfactor = 50)`,
  `CREATE TABLE IF NOT EXISTS workflows.timers (
     id uuid PRIMARY KEY,
     playbook text NOT NULL,
     instance_id text NOT NULL,
     key text NOT NULL,
     due_at timestamptz NOT NULL,
     payload jsonb NOT NULL,
     scheduled_at timestamptz NOT NULL)`,
  // Led by the instance, not the playbook: the poller's `due_at <= now AND playbook = ANY(...)` then reads
  // only due timers through `timers_due`, where a playbook-led index had it read every timer of its playbooks.
  `CREATE UNIQUE INDEX IF NOT EXISTS timers_instance_key ON workflows.timers (instance_id, key, playbook)`,
  `ALTER TABLE workflows.timers DROP CONSTRAINT IF EXISTS timers_playbook_instance_id_key_key`,
  `CREATE INDEX IF NOT EXISTS timers_due ON workflows.timers (due_at)`,
  `CREATE TABLE IF NOT EXISTS workflows.outbox (
     id uuid PRIMARY KEY,
     seq bigserial NOT NULL,
     playbook text NOT NULL,
     instance_id text NOT NULL,
     cause text NOT NULL,
     action jsonb NOT NULL,
     metadata jsonb NOT NULL,
     issued_at timestamptz NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL,
     leased_until timestamptz,
     last_error text,
     outcome text,
     done_at timestamptz)`,
  // The pending rows in the claim's seq order: with statistics the claim walks it and stops at its batch;
  // without, it reads the pending rows (one led by next_attempt_at: over twice the buffers a claim).
  `CREATE INDEX IF NOT EXISTS outbox_pending_in_order ON workflows.outbox (seq) WHERE done_at IS NULL`,
  `DROP INDEX IF EXISTS workflows.outbox_pending`,
  `CREATE INDEX IF NOT EXISTS outbox_done ON workflows.outbox (done_at) WHERE done_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS workflows.failures (
     seq bigserial PRIMARY KEY,
     playbook text NOT NULL,
     instance_id text NOT NULL,
     input_id text NOT NULL,
     input jsonb NOT NULL,
     error text,
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL,
     first_failed_at timestamptz NOT NULL,
     last_failed_at timestamptz,
     UNIQUE (playbook, input_id))`,
  `CREATE INDEX IF NOT EXISTS failures_by_instance ON workflows.failures (playbook, instance_id, seq)`,
];

/** Idempotent; serialised by an advisory lock so several workers may start at once. */
export async function migrateWorkflows(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('workflows:migrate'))`);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
