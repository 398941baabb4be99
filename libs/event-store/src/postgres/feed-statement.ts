import type { FeedFilter } from '../port';

/**
 * Reads the global feed below the horizon: positions of transactions older than the oldest one still
 * running. Nothing can later commit below it, so a reader that moves past a position never skips an event.
 * Always returns at least one row, carrying `horizon` and `head` even when no event qualifies.
 */
export function feedStatement(filter: FeedFilter | undefined): string {
  // `+ 0` keeps the horizon out of the index bounds: a two-sided range misleads the planner into a sort.
  const conditions = ['e.global_position > $1', 'e.global_position + 0 < h.horizon'];
  // Parameters $3/$4 are always sent (typed even when null) so the statement shape stays fixed.
  conditions.push(filter?.eventTypes ? 'e.event_type = ANY($3::text[])' : '$3::text[] IS NULL');
  conditions.push(filter?.streamCategories ? 'e.stream_category = ANY($4::text[])' : '$4::text[] IS NULL');
  return `
    WITH h AS (
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20 AS horizon,
             (SELECT max(global_position) FROM event_store.events) AS head
    )
    SELECT h.horizon, h.head, e.*
    FROM h LEFT JOIN LATERAL (
      SELECT e.global_position, e.event_id, e.stream_name, e.stream_revision, e.event_type, e.data, e.metadata,
             e.recorded_at, e.hash
      FROM event_store.events e
      WHERE ${conditions.join(' AND ')}
      ORDER BY e.global_position
      LIMIT $2
    ) e ON true`;
}
