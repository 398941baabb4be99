import type { GlobalPosition } from '@continuum/event-store';
import type { Pool } from 'pg';

/** The checkpoint moved under us: another publisher owns the feed now. */
export class PublisherCheckpointConflictError extends Error {
  constructor(publisher: string) {
    super(`Checkpoint of publisher ${publisher} was moved by another process`);
    this.name = 'PublisherCheckpointConflictError';
  }
}

interface CheckpointRow {
  commit_position: string | null;
  prepare_position: string | null;
}

/** How far each publisher has published the feed: `outbound.publisher_checkpoints`, plain SQL. */
export class PublisherCheckpoints {
  constructor(private readonly pool: Pool) {}

  // Two processes starting together must not race on CREATE SCHEMA/TABLE.
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('outbound:migrate'))");
      await client.query('CREATE SCHEMA IF NOT EXISTS outbound');
      await client.query(`CREATE TABLE IF NOT EXISTS outbound.publisher_checkpoints (
        publisher text PRIMARY KEY,
        commit_position bigint,
        prepare_position bigint,
        updated_at timestamptz NOT NULL DEFAULT now())`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** A publisher starts at the beginning of the feed. */
  async register(publisher: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO outbound.publisher_checkpoints (publisher) VALUES ($1) ON CONFLICT (publisher) DO NOTHING',
      [publisher],
    );
  }

  async read(publisher: string): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<CheckpointRow>(
      'SELECT commit_position, prepare_position FROM outbound.publisher_checkpoints WHERE publisher = $1',
      [publisher],
    );
    const row = rows[0];
    if (!row?.commit_position) return undefined;
    const commit = BigInt(row.commit_position);
    return { commit, prepare: BigInt(row.prepare_position ?? row.commit_position) };
  }

  /** Compare-and-set: a publisher that lost its lock cannot move the checkpoint. */
  async advance(
    publisher: string,
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
    /** Commit without waiting for the WAL flush: for a move that published nothing (a crash only rereads). */
    asyncCommit = false,
  ): Promise<void> {
    const result = await this.pool.query({
      name: 'publisher-advance-checkpoint',
      text: `UPDATE outbound.publisher_checkpoints
       SET commit_position = $4, prepare_position = $5, updated_at = now()
       WHERE publisher = $1 AND commit_position IS NOT DISTINCT FROM $2 AND prepare_position IS NOT DISTINCT FROM $3
       RETURNING CASE WHEN $6::boolean THEN set_config('synchronous_commit', 'off', true) END`,
      values: [
        publisher,
        previous?.commit.toString() ?? null,
        previous?.prepare.toString() ?? null,
        next.commit.toString(),
        next.prepare.toString(),
        asyncCommit,
      ],
    });
    if (result.rowCount !== 1) throw new PublisherCheckpointConflictError(publisher);
  }
}
