/**
 * Many appends to distinct streams in one statement (one round trip, one commit). Each append keeps its own
 * expectation: one whose head does not move (`no_stream` on an existing stream, a stale revision) inserts
 * nothing and returns a null revision, while the others are stored. Event rows that clash on a unique key
 * fail the whole statement; the caller then appends each on its own.
 *
 * Per append: $1 stream, $2 event count, $3 category, $4 kind (`no_stream` | `exact`), $5 expected revision,
 * $6 index of its first event in the flat event arrays. Per event: $7 id, $8 type, $9 data, $10 metadata,
 * $11 content digest, $12 the append it belongs to (1-based). Positions use the flat event ordinal.
 */
export const groupedAppendStatement = {
  name: 'event-store-append-grouped',
  text: `
    WITH req AS (
      SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::int[])
        WITH ORDINALITY AS r(stream, n, category, kind, expected, start, a)
    ),
    created AS (
      INSERT INTO event_store.streams (stream_name, revision, last_append_hashes)
      SELECT r.stream, r.n - 1, event_store.chain_hashes(NULL, 0, ($11::text[])[r.start : r.start + r.n - 1])
      FROM req r WHERE r.kind = 'no_stream'
      ON CONFLICT (stream_name) DO NOTHING
      RETURNING stream_name, revision, last_append_hashes
    ),
    moved AS (
      UPDATE event_store.streams s
      SET revision = s.revision + r.n,
          last_append_hashes = event_store.chain_hashes(
            s.last_append_hashes[cardinality(s.last_append_hashes)], s.revision + 1,
            ($11::text[])[r.start : r.start + r.n - 1])
      FROM req r
      WHERE r.kind = 'exact' AND s.stream_name = r.stream AND s.revision = r.expected
      RETURNING s.stream_name, s.revision, s.last_append_hashes
    ),
    head AS (
      SELECT r.a, r.n, r.start, r.category, h.stream_name, h.revision, h.last_append_hashes
      FROM req r JOIN (SELECT * FROM created UNION ALL SELECT * FROM moved) h ON h.stream_name = r.stream
    ),
    inserted AS (
      INSERT INTO event_store.events
        (global_position, event_id, stream_name, stream_category, stream_revision, event_type, data, metadata, hash)
      SELECT (pg_current_xact_id()::text::bigint << 20) + e.ordinal, e.id, head.stream_name, head.category,
             head.revision - head.n + (e.ordinal - head.start + 1), e.type, e.data::jsonb, e.metadata::jsonb,
             head.last_append_hashes[e.ordinal - head.start + 1]
      FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $12::int[])
        WITH ORDINALITY AS e(id, type, data, metadata, a, ordinal)
      JOIN head ON head.a = e.a
      RETURNING global_position
    )
    SELECT r.a, head.revision,
           CASE WHEN head.revision IS NULL THEN NULL
                ELSE (pg_current_xact_id()::text::bigint << 20) + r.start + r.n - 1 END AS position,
           (SELECT count(*) FROM inserted) AS stored
    FROM req r LEFT JOIN head ON head.a = r.a
    ORDER BY r.a`,
};
