import type { FeedFilter } from '../port';

/**
 * Transaction ids (low 32 bits) positively identified as running in ANOTHER database: a backend's `xid`
 * belongs to the one database it is connected to for life, and a prepared transaction names its own.
 * Both sources are visible to every role (pg_stat_activity shows `datid` and `backend_xid` unfiltered).
 */
export const otherDatabaseXidsSql = `
  SELECT a.backend_xid::text::bigint FROM pg_stat_activity a
  WHERE a.backend_xid IS NOT NULL
    AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL
  SELECT p.transaction::text::bigint FROM pg_prepared_xacts p
  WHERE p.transaction IS NOT NULL AND p.database <> current_database()`;

/**
 * SQL for the horizon: the oldest transaction of this database still running in the statement's snapshot
 * (or the snapshot's xmax when there is none), shifted to a global position. Nothing in this database can
 * commit below it later. Other databases' transactions are skipped because they cannot write our tables;
 * an id not identified stays in (the safe side). `pg_snapshot_xip` lists top-level ids only, the ids
 * appends use. `NOT IN` runs the lookup lazily, so an idle server never reads pg_stat_activity.
 */
export const horizonSql = `(coalesce(
    (SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) x
     WHERE (x::text::bigint & 4294967295) NOT IN (${otherDatabaseXidsSql})),
    pg_snapshot_xmax(pg_current_snapshot())::text::bigint
  ) << 20)`;

/**
 * Reads the global feed below the horizon (see `horizonSql`): a reader that moves past a position never
 * skips an event. Always returns at least one row, carrying `horizon` and `head` even when no event qualifies.
 */
export function feedStatement(filter: FeedFilter | undefined): string {
  // `+ 0` keeps the horizon out of the index bounds: a two-sided range misleads the planner into a sort.
  const conditions = ['e.global_position > $1', 'e.global_position + 0 < h.horizon'];
  // Parameters $3/$4 are always sent (typed even when null) so the statement shape stays fixed.
  conditions.push(filter?.eventTypes ? 'e.event_type = ANY($3::text[])' : '$3::text[] IS NULL');
  conditions.push(filter?.streamCategories ? 'e.stream_category = ANY($4::text[])' : '$4::text[] IS NULL');
  return `
    WITH h AS (
      SELECT ${horizonSql} AS horizon,
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
