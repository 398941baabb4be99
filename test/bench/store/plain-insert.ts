import { Pool } from 'pg';
import type { StoreContender } from './contender';
import type { BenchEvent } from './payload';

const schema = `
  CREATE TABLE bench_events (
    global_position bigserial PRIMARY KEY,
    stream_name text NOT NULL,
    stream_position bigint NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL
  )`;

const columnsPerEvent = 6;

function insertStatement(events: number): string {
  const rows = Array.from({ length: events }, (_, row) => {
    const first = row * columnsPerEvent + 1;
    return `(${Array.from({ length: columnsPerEvent }, (__, column) => `$${first + column}`).join(', ')})`;
  });
  return `INSERT INTO bench_events (stream_name, stream_position, event_id, event_type, data, metadata)
          VALUES ${rows.join(', ')}`;
}

/** The floor: one multi-row INSERT per append, no stream table, no revision check. */
export async function openPlainInsert(url: string, poolSize: number): Promise<StoreContender> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-plain' });
  await pool.query(schema);
  const statements = new Map<number, string>();
  const statementFor = (events: number): string => {
    let sql = statements.get(events);
    if (sql === undefined) {
      sql = insertStatement(events);
      statements.set(events, sql);
    }
    return sql;
  };
  return {
    async append(stream, events: readonly BenchEvent[], revision) {
      const values = events.flatMap((event, index) => [
        stream,
        revision + 1 + index,
        event.id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      ]);
      await pool.query(statementFor(events.length), values);
    },
    async readFeed(pageSize) {
      const ids: string[] = [];
      let after = '0';
      for (;;) {
        const page = await pool.query<{ global_position: string; event_id: string }>(
          `SELECT global_position, stream_name, stream_position, event_id, event_type, data, metadata
           FROM bench_events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
          [after, pageSize],
        );
        for (const row of page.rows) ids.push(row.event_id);
        const last = page.rows[page.rows.length - 1];
        if (!last || page.rows.length < pageSize) return ids;
        after = last.global_position;
      }
    },
    close: () => pool.end(),
  };
}
