import type { ExpectedRevision } from '../port';

/** Positions reserve 20 bits per transaction for the events it appends. */
export const MAX_EVENTS_PER_APPEND = (1 << 20) - 1;

// $1 stream, $2 event count; the CTE `head` yields the stream's new last revision, or no row on a conflict.
function headStatement(expected: ExpectedRevision): { sql: string; params: unknown[] } {
  switch (expected) {
    case 'no_stream':
      return {
        sql: `INSERT INTO event_store.streams (stream_name, revision) VALUES ($1, $2 - 1)
              ON CONFLICT (stream_name) DO NOTHING RETURNING revision`,
        params: [],
      };
    case 'any':
      return {
        sql: `INSERT INTO event_store.streams (stream_name, revision) VALUES ($1, $2 - 1)
              ON CONFLICT (stream_name) DO UPDATE SET revision = streams.revision + $2 RETURNING revision`,
        params: [],
      };
    case 'stream_exists':
      return {
        sql: `UPDATE event_store.streams SET revision = revision + $2 WHERE stream_name = $1 RETURNING revision`,
        params: [],
      };
    default:
      return {
        sql: `UPDATE event_store.streams SET revision = revision + $2
              WHERE stream_name = $1 AND revision = $8 RETURNING revision`,
        params: [expected],
      };
  }
}

/**
 * One statement, so one round trip and one implicit transaction: move the stream head, insert the events.
 * Returns one row; `revision` is null when the expectation did not hold.
 */
export function appendStatement(expected: ExpectedRevision): {
  name: string;
  sql: string;
  extraParams: unknown[];
} {
  const head = headStatement(expected);
  const name = `event-store-append-${typeof expected === 'number' ? 'exact' : expected}`;
  const sql = `
    WITH head AS (${head.sql}),
    inserted AS (
      INSERT INTO event_store.events
        (global_position, event_id, stream_name, stream_category, stream_revision, event_type, data, metadata)
      SELECT (pg_current_xact_id()::text::bigint << 20) + e.ordinal, e.id, $1, $3, head.revision - $2 + e.ordinal,
             e.type, e.data::jsonb, e.metadata::jsonb
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
