import type { RecordedEvent } from '@continuum/event-store';
import type { Projection, ProjectionScope } from '@continuum/projections';
import { partnerViewCategories, viewEventOf } from './partner-view-events';
import { summarise } from './timeline-summary';

export const PARTNER_TIMELINE_PROJECTION = 'partner-timeline';
const TABLE = 'partner_timeline';
export const partnerTimelineTable = TABLE;

/** One human-readable entry per event about a partner: its own stream, every line's events, its tasks. */
export const partnerTimelineProjection: Projection = {
  name: PARTNER_TIMELINE_PROJECTION,
  tables: [TABLE],
  filter: { streamCategories: partnerViewCategories },

  async setup({ manager, table }: ProjectionScope) {
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(TABLE)} (
      event_id text PRIMARY KEY,
      partner_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      stream text NOT NULL,
      revision integer NOT NULL,
      type text NOT NULL,
      summary text NOT NULL)`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${TABLE}_newest_first ON ${table(TABLE)}
       (partner_id, occurred_at DESC, commit_position DESC, prepare_position DESC)`,
    );
  },

  async apply({ manager, table }: ProjectionScope, recorded: RecordedEvent) {
    const view = viewEventOf(recorded);
    if (!view) return;
    const { event, at } = view;
    await manager.query(
      `INSERT INTO ${table(TABLE)} (event_id, partner_id, occurred_at, recorded_at, commit_position,
         prepare_position, stream, revision, type, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING`,
      [
        recorded.id,
        event.data.partnerId,
        at,
        recorded.recordedAt.toISOString(),
        recorded.position.commit.toString(),
        recorded.position.prepare.toString(),
        recorded.stream,
        recorded.revision,
        recorded.type,
        summarise(event),
      ],
    );
  },
};
