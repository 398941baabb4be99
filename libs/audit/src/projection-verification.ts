import { comparePositions, type EventStore, type GlobalPosition } from '@continuum/event-store';
import { READ_MODELS_SCHEMA, scopeOf, type Projection, type ProjectionStore } from '@continuum/projections';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export interface TableDifference {
  readonly table: string;
  /** Rows the rebuild has and the live table lacks (or has otherwise). */
  readonly missingFromLive: number;
  /** Rows the live table has and the rebuild does not. */
  readonly extraInLive: number;
  readonly samples: {
    readonly missingFromLive: readonly unknown[];
    readonly extraInLive: readonly unknown[];
  };
}

export interface ProjectionVerification {
  readonly projection: string;
  /** The live checkpoint both sides were compared at; undefined when the projection has not run yet. */
  readonly checkpoint: string | undefined;
  readonly eventsReplayed: number;
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly differences: readonly TableDifference[];
}

const SAMPLE_ROWS = 5;
const ATTEMPTS = 5;

/**
 * Rebuilds a projection from the feed into a throw-away shadow schema, up to exactly the live
 * generation's checkpoint, and compares every table row by row (EXCEPT ALL both ways) inside one
 * snapshot that also reads the live checkpoint, so a live runner moving on meanwhile only costs a retry.
 * Never touches the live generation or the projection registry; the shadow schema is dropped after.
 */
export class ProjectionVerifier {
  constructor(
    private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly projectionStore: ProjectionStore,
  ) {}

  async verify(
    projection: Projection,
    onProgress?: (eventsReplayed: number) => void,
  ): Promise<ProjectionVerification> {
    const schema = `audit_shadow_${projection.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`CREATE SCHEMA "${schema}"`);
      await projection.setup(scopeOf(manager, schema));
    });
    try {
      let replayed: GlobalPosition | undefined;
      let eventsReplayed = 0;
      for (let attempt = 1; ; attempt += 1) {
        const live = await this.projectionStore.activeCheckpoint(projection.name);
        if (live && (!replayed || comparePositions(replayed, live) < 0)) {
          eventsReplayed += await this.replay(projection, schema, replayed, live, (n) =>
            onProgress?.(eventsReplayed + n),
          );
          replayed = live;
        }
        const compared = await this.compare(projection, schema, live);
        if (compared) return { projection: projection.name, eventsReplayed, ...compared };
        if (attempt >= ATTEMPTS)
          throw new Error(`${projection.name} kept moving while being compared (${ATTEMPTS} attempts)`);
      }
    } finally {
      await this.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  }

  /** Applies the feed's events in (from, to] to the shadow, a page per transaction. */
  private async replay(
    projection: Projection,
    schema: string,
    from: GlobalPosition | undefined,
    to: GlobalPosition,
    onProgress: (events: number) => void,
  ): Promise<number> {
    let checkpoint = from;
    let applied = 0;
    for (;;) {
      const page = await this.eventStore.readAll({
        from: checkpoint,
        maxCount: 1000,
        filter: projection.filter,
      });
      const events = page.events.filter((event) => comparePositions(event.position, to) <= 0);
      await this.dataSource.transaction(async (manager) => {
        const scope = scopeOf(manager, schema);
        for (const event of events) await projection.apply(scope, event);
      });
      applied += events.length;
      onProgress(applied);
      const reached =
        !page.checkpoint || comparePositions(page.checkpoint, to) >= 0 || events.length < page.events.length;
      if (reached || page.isEnd) return applied;
      checkpoint = page.checkpoint;
    }
  }

  /** Undefined when the live checkpoint moved since the replay: the caller catches up and tries again. */
  private compare(
    projection: Projection,
    schema: string,
    expected: GlobalPosition | undefined,
  ): Promise<Omit<ProjectionVerification, 'projection' | 'eventsReplayed'> | undefined> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const now = await this.liveCheckpoint(manager, projection.name);
      const same =
        now === undefined || expected === undefined
          ? now === expected
          : comparePositions(now, expected) === 0;
      if (!same) return undefined;
      const tables: { table: string; rows: number }[] = [];
      const differences: TableDifference[] = [];
      for (const table of projection.tables) {
        const shadow = `"${schema}"."${table}"`;
        const liveTable = `${READ_MODELS_SCHEMA}."${table}"`;
        const columns = await comparableColumns(manager, schema, table);
        const missing = await exceptRows(manager, columns, shadow, liveTable);
        const extra = await exceptRows(manager, columns, liveTable, shadow);
        const [count] = await manager.query<{ rows: string }[]>(`SELECT count(*) AS rows FROM ${shadow}`);
        tables.push({ table, rows: Number(count?.rows ?? 0) });
        if (missing.count > 0 || extra.count > 0)
          differences.push({
            table,
            missingFromLive: missing.count,
            extraInLive: extra.count,
            samples: { missingFromLive: missing.samples, extraInLive: extra.samples },
          });
      }
      return { checkpoint: expected?.commit.toString(), tables, differences };
    });
  }

  private async liveCheckpoint(
    manager: EntityManager,
    projection: string,
  ): Promise<GlobalPosition | undefined> {
    const rows = await manager.query<{ commit_position: string | null; prepare_position: string | null }[]>(
      'SELECT commit_position, prepare_position FROM projections.checkpoints WHERE projection = $1 AND active',
      [projection],
    );
    const row = rows[0];
    if (!row?.commit_position) return undefined;
    return {
      commit: BigInt(row.commit_position),
      prepare: BigInt(row.prepare_position ?? row.commit_position),
    };
  }
}

/** The shadow table's columns as comparable expressions (json has no equality: compared as text). */
async function comparableColumns(manager: EntityManager, schema: string, table: string): Promise<string> {
  const columns = await manager.query<{ column_name: string; data_type: string }[]>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return columns
    .map(({ column_name, data_type }) =>
      data_type === 'json' ? `"${column_name}"::text AS "${column_name}"` : `"${column_name}"`,
    )
    .join(', ');
}

async function exceptRows(
  manager: EntityManager,
  columns: string,
  left: string,
  right: string,
): Promise<{ count: number; samples: unknown[] }> {
  const rows = await manager.query<{ row: unknown; total: string }[]>(
    `WITH difference AS (SELECT ${columns} FROM ${left} EXCEPT ALL SELECT ${columns} FROM ${right})
     SELECT to_jsonb(d) AS row, count(*) OVER () AS total FROM difference d LIMIT ${SAMPLE_ROWS}`,
  );
  return { count: Number(rows[0]?.total ?? 0), samples: rows.map((r) => r.row) };
}
