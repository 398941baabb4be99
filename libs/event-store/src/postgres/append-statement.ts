import type { ExpectedRevision } from '../port';

/** Positions reserve 20 bits per transaction for the events it appends. */
export const MAX_EVENTS_PER_APPEND = (1 << 20) - 1;

/**
 * SQL for the chained hashes of the appended events (integrity/event-hash.ts), from the previous hash and
 * the first new revision; $8 holds the content digests. One event (the common case) is inlined: no
 * function call. SET expressions see the row before the update, so `previous` is the old head's hash.
 */
function chainSql(previous: string, firstRevision: string, single: boolean): string {
  if (!single) return `event_store.chain_hashes(${previous}, ${firstRevision}, $8)`;
  const link = `coalesce(${previous}, repeat('0', 64)) || E'\\n' || (${firstRevision})::text || E'\\n' || ($8::text[])[1]`;
  return `ARRAY[encode(sha256(convert_to(${link}, 'UTF8')), 'hex')]`;
}

const headHash = (row: string): string => `${row}.last_append_hashes[cardinality(${row}.last_append_hashes)]`;

// $1 stream, $2 event count, $8 content digests; the CTE `head` yields the stream's new last revision
// and the chained hashes of the appended events, or no row on a conflict.
function headStatement(expected: ExpectedRevision, single: boolean): { sql: string; params: unknown[] } {
  const extend = (row: string): string => chainSql(headHash(row), `${row}.revision + 1`, single);
  const newStream = `INSERT INTO event_store.streams (stream_name, revision, last_append_hashes)
              VALUES ($1, $2 - 1, ${chainSql('NULL', '0', single)})`;
  const returning = 'RETURNING revision, last_append_hashes';
  switch (expected) {
    case 'no_stream':
      return { sql: `${newStream} ON CONFLICT (stream_name) DO NOTHING ${returning}`, params: [] };
    case 'any':
      return {
        sql: `${newStream} ON CONFLICT (stream_name) DO UPDATE
              SET revision = streams.revision + $2, last_append_hashes = ${extend('streams')} ${returning}`,
        params: [],
      };
    case 'stream_exists':
      return {
        sql: `UPDATE event_store.streams s SET revision = s.revision + $2, last_append_hashes = ${extend('s')}
              WHERE stream_name = $1 ${returning}`,
        params: [],
      };
    default:
      return {
        sql: `UPDATE event_store.streams s SET revision = s.revision + $2, last_append_hashes = ${extend('s')}
              WHERE stream_name = $1 AND s.revision = $9 ${returning}`,
        params: [expected],
      };
  }
}

/**
 * One statement, so one round trip and one implicit transaction: move the stream head and extend its
 * hash chain (the head row lock orders racing appenders), insert the events with their hashes.
 * Returns one row; `revision` is null when the expectation did not hold.
 */
export function appendStatement(
  expected: ExpectedRevision,
  eventCount = 2,
): {
  name: string;
  sql: string;
  extraParams: unknown[];
} {
  const single = eventCount === 1;
  const head = headStatement(expected, single);
  const name = `event-store-append-${typeof expected === 'number' ? 'exact' : expected}${single ? '-1' : ''}`;
  const sql = `
    WITH head AS (${head.sql}),
    inserted AS (
      INSERT INTO event_store.events
        (global_position, event_id, stream_name, stream_category, stream_revision, event_type, data, metadata, hash)
      SELECT (pg_current_xact_id()::text::bigint << 20) + e.ordinal, e.id, $1, $3, head.revision - $2 + e.ordinal,
             e.type, e.data::jsonb, e.metadata::jsonb, head.last_append_hashes[e.ordinal]
      FROM head, unnest($4::uuid[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ordinal)
      RETURNING global_position
    )
    SELECT (SELECT revision FROM head) AS revision, (SELECT max(global_position) FROM inserted) AS position`;
  return { name, sql, extraParams: head.params };
}

/** For a failed append: which of its event ids are already stored, and whether with the same content. */
export const priorAppendStatement = `
  SELECT e.ordinal, s.event_id IS NOT NULL AS found,
         coalesce(s.stream_name = $1 AND s.event_type = e.type AND s.data = e.data::jsonb, false) AS same,
         s.stream_revision AS revision, s.global_position AS position
  FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS e(id, type, data, ordinal)
  LEFT JOIN event_store.events s ON s.event_id = e.id
  ORDER BY e.ordinal`;
