import type { Pool, PoolClient } from 'pg';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Append-only list: never edit a released migration, add the next version instead.
const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'streams and events',
    sql: `
      CREATE TABLE event_store.streams (
        stream_name text PRIMARY KEY,
        revision bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- global_position = (top-level transaction id << 20) + ordinal: ordered as transactions become final.
      CREATE TABLE event_store.events (
        global_position bigint PRIMARY KEY,
        event_id uuid NOT NULL,
        stream_name text NOT NULL,
        stream_category text NOT NULL,
        stream_revision bigint NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_revision_unique UNIQUE (stream_name, stream_revision)
      );
    `,
  },
  {
    version: 2,
    name: 'hash chain',
    // IF NOT EXISTS / OR REPLACE: safe on a database whose columns were added by hand or by a rerun.
    sql: `
      -- The chained tamper-evidence hash of each event (libs/event-store/src/integrity/event-hash.ts).
      ALTER TABLE event_store.events ADD COLUMN IF NOT EXISTS hash text;
      -- The hashes of the stream's latest append; its last element seals the head, so a deleted tail shows.
      ALTER TABLE event_store.streams ADD COLUMN IF NOT EXISTS last_append_hashes text[];
      -- Extends a stream's chain by one link per content digest (the formula of integrity/event-hash.ts).
      CREATE OR REPLACE FUNCTION event_store.chain_hashes(previous text, first_revision bigint, digests text[])
      RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        link text := coalesce(previous, repeat('0', 64));
        links text[] := '{}';
      BEGIN
        FOR i IN 1 .. coalesce(cardinality(digests), 0) LOOP
          link := encode(sha256(convert_to(link || E'\n' || (first_revision + i - 1)::text || E'\n' || digests[i], 'UTF8')), 'hex');
          links := links || link;
        END LOOP;
        RETURN links;
      END $$;
    `,
  },
];

const MIGRATION_LOCK = 0x636f6e74; // arbitrary constant: one migrator at a time across processes

async function appliedVersions(client: PoolClient): Promise<Set<number>> {
  const result = await client.query<{ version: number }>('SELECT version FROM event_store.schema_migrations');
  return new Set(result.rows.map((row) => row.version));
}

/** Brings the event-store schema to the newest version; safe to call from several processes at once. */
export async function migrateEventStore(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS event_store');
    await client.query(`CREATE TABLE IF NOT EXISTS event_store.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = await appliedVersions(client);
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO event_store.schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
