import type { GlobalPosition } from '@continuum/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { READ_MODELS_SCHEMA, generationSchema, type Projection } from './projection';

export interface ProjectionStatus {
  readonly projection: string;
  readonly generation: number;
  readonly active: boolean;
  readonly checkpoint: GlobalPosition | undefined;
  readonly state: 'running' | 'failed' | 'building';
  readonly error: string | null;
  readonly failedPosition: string | null;
  readonly updatedAt: Date;
}

interface CheckpointRow {
  projection: string;
  generation: number;
  active: boolean;
  commit_position: string | null;
  prepare_position: string | null;
  state: ProjectionStatus['state'];
  error: string | null;
  failed_position: string | null;
  updated_at: Date;
}

/** The checkpoint moved under us: another runner owns this projection now. */
export class CheckpointConflictError extends Error {
  constructor(projection: string) {
    super(`Checkpoint of ${projection} was moved by another runner`);
    this.name = 'CheckpointConflictError';
  }
}

const toStatus = (row: CheckpointRow): ProjectionStatus => ({
  projection: row.projection,
  generation: row.generation,
  active: row.active,
  checkpoint:
    row.commit_position === null
      ? undefined
      : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position ?? row.commit_position) },
  state: row.state,
  error: row.error,
  failedPosition: row.failed_position,
  updatedAt: row.updated_at,
});

/** Checkpoints, generations and the views that serve the active generation. */
export class ProjectionStore {
  constructor(private readonly dataSource: DataSource) {}

  async migrate(): Promise<void> {
    await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS projections`);
    await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${READ_MODELS_SCHEMA}`);
    await this.dataSource.query(`CREATE TABLE IF NOT EXISTS projections.checkpoints (
      projection text NOT NULL,
      generation integer NOT NULL,
      active boolean NOT NULL DEFAULT false,
      commit_position bigint,
      prepare_position bigint,
      state text NOT NULL DEFAULT 'running',
      error text,
      failed_position text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, generation))`);
  }

  /** The active generation, created (generation 1, with its tables and views) on first use. */
  async activeGeneration(projection: Projection): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `projection-registry:${projection.name}`,
      ]);
      const rows = await manager.query<{ generation: number }[]>(
        'SELECT generation FROM projections.checkpoints WHERE projection = $1 AND active',
        [projection.name],
      );
      if (rows[0]) return rows[0].generation;
      await this.createGeneration(manager, projection, 1, 'running');
      await this.activate(manager, projection, 1);
      return 1;
    });
  }

  async createGeneration(
    manager: EntityManager,
    projection: Projection,
    generation: number,
    state: ProjectionStatus['state'],
  ): Promise<void> {
    const schema = generationSchema(projection.name, generation);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await projection.setup({ manager, schema, table: (name) => `"${schema}"."${name}"` });
    await manager.query(
      `INSERT INTO projections.checkpoints (projection, generation, state) VALUES ($1, $2, $3)
       ON CONFLICT (projection, generation) DO NOTHING`,
      [projection.name, generation, state],
    );
  }

  /** Points the serving views at a generation and marks it active, in the caller's transaction. */
  async activate(manager: EntityManager, projection: Projection, generation: number): Promise<void> {
    const schema = generationSchema(projection.name, generation);
    for (const table of projection.tables) {
      const view = `${READ_MODELS_SCHEMA}."${table}"`;
      const definition = `SELECT * FROM "${schema}"."${table}"`;
      // Replace in place when the columns allow it, so readers never see the view missing.
      await manager.query('SAVEPOINT replace_view');
      try {
        await manager.query(`CREATE OR REPLACE VIEW ${view} AS ${definition}`);
      } catch {
        await manager.query('ROLLBACK TO SAVEPOINT replace_view');
        await manager.query(`DROP VIEW IF EXISTS ${view}`);
        await manager.query(`CREATE VIEW ${view} AS ${definition}`);
      }
    }
    await manager.query(
      `UPDATE projections.checkpoints SET active = (generation = $2),
         state = CASE WHEN generation = $2 AND state = 'building' THEN 'running' ELSE state END
       WHERE projection = $1`,
      [projection.name, generation],
    );
  }

  async latestGeneration(projection: string): Promise<number> {
    const rows = await this.dataSource.query<{ latest: number | null }[]>(
      'SELECT max(generation) AS latest FROM projections.checkpoints WHERE projection = $1',
      [projection],
    );
    return rows[0]?.latest ?? 0;
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DROP SCHEMA IF EXISTS "${generationSchema(projection, generation)}" CASCADE`);
      await manager.query(
        'DELETE FROM projections.checkpoints WHERE projection = $1 AND generation = $2 AND NOT active',
        [projection, generation],
      );
    });
  }

  async status(projection: string, generation: number): Promise<ProjectionStatus | undefined> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projections.checkpoints WHERE projection = $1 AND generation = $2',
      [projection, generation],
    );
    return rows[0] ? toStatus(rows[0]) : undefined;
  }

  async activeCheckpoint(projection: string): Promise<GlobalPosition | undefined> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projections.checkpoints WHERE projection = $1 AND active',
      [projection],
    );
    return rows[0] ? toStatus(rows[0]).checkpoint : undefined;
  }

  async allStatuses(): Promise<ProjectionStatus[]> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projections.checkpoints ORDER BY projection, generation',
    );
    return rows.map(toStatus);
  }

  /**
   * Compare-and-set inside the batch transaction: fails if anyone else moved the checkpoint, or if a
   * rebuild switched readers to another generation (the live runner then moves over to it).
   */
  async advance(
    manager: EntityManager,
    projection: string,
    generation: number,
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
    /** `synchronous_commit = off` for the transaction, set by this statement (one round trip less). */
    asyncCommit = false,
  ): Promise<void> {
    const result = await manager.query<[unknown[], number]>(
      `UPDATE projections.checkpoints
       SET commit_position = $5, prepare_position = $6, state = CASE WHEN state = 'failed' THEN 'running' ELSE state END,
           error = NULL, failed_position = NULL, updated_at = now()
       WHERE projection = $1 AND generation = $2 AND (active OR state = 'building')
         AND commit_position IS NOT DISTINCT FROM $3 AND prepare_position IS NOT DISTINCT FROM $4
       RETURNING CASE WHEN $7::boolean THEN set_config('synchronous_commit', 'off', true) END`,
      [
        projection,
        generation,
        previous?.commit.toString() ?? null,
        previous?.prepare.toString() ?? null,
        next.commit.toString(),
        next.prepare.toString(),
        asyncCommit,
      ],
    );
    if (result[1] !== 1) throw new CheckpointConflictError(projection);
  }

  async recordFailure(
    projection: string,
    generation: number,
    error: string,
    position: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE projections.checkpoints SET state = 'failed', error = $3, failed_position = $4, updated_at = now()
       WHERE projection = $1 AND generation = $2`,
      [projection, generation, error, position],
    );
  }

  async markRunning(projection: string, generation: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE projections.checkpoints SET state = 'running', updated_at = now() WHERE projection = $1 AND generation = $2`,
      [projection, generation],
    );
  }
}
