import type { GlobalPosition } from '@continuum/event-store';
import type { Pool, PoolClient } from 'pg';

/** The checkpoint moved under us: another worker owns this playbook's feed now. */
export class WorkflowCheckpointConflictError extends Error {
  constructor(playbook: string) {
    super(`Checkpoint of workflow ${playbook} was moved by another worker`);
    this.name = 'WorkflowCheckpointConflictError';
  }
}

interface CheckpointRow {
  commit_position: string | null;
  prepare_position: string | null;
}

export async function readCheckpoint(
  pool: Pool | PoolClient,
  playbook: string,
): Promise<GlobalPosition | undefined> {
  await pool.query('INSERT INTO workflows.checkpoints (playbook) VALUES ($1) ON CONFLICT DO NOTHING', [
    playbook,
  ]);
  const { rows } = await pool.query<CheckpointRow>(
    'SELECT commit_position, prepare_position FROM workflows.checkpoints WHERE playbook = $1',
    [playbook],
  );
  const row = rows[0];
  return row?.commit_position == null
    ? undefined
    : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position ?? row.commit_position) };
}

/** Compare-and-set inside the batch's transaction: a zombie owner can never move it twice. */
export async function advanceCheckpoint(
  client: Pool | PoolClient,
  playbook: string,
  previous: GlobalPosition | undefined,
  next: GlobalPosition,
  /** Commit without waiting for the WAL flush: only for a move past events the playbook does not take. */
  asyncCommit = false,
): Promise<void> {
  const result = await client.query({
    name: 'workflows-advance-checkpoint',
    text: `UPDATE workflows.checkpoints SET commit_position = $4, prepare_position = $5, updated_at = now()
     WHERE playbook = $1 AND commit_position IS NOT DISTINCT FROM $2::bigint
       AND prepare_position IS NOT DISTINCT FROM $3::bigint
     RETURNING CASE WHEN $6::boolean THEN set_config('synchronous_commit', 'off', true) END`,
    values: [
      playbook,
      previous?.commit.toString() ?? null,
      previous?.prepare.toString() ?? null,
      next.commit.toString(),
      next.prepare.toString(),
      asyncCommit,
    ],
  });
  if (result.rowCount !== 1) throw new WorkflowCheckpointConflictError(playbook);
}
