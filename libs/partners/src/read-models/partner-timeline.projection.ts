import type { RecordedEvent } from '@continuum/event-store';
import { BatchWriter, type BatchTable, type Projection, type ProjectionScope } from '@continuum/projections';
import { partnerViewCategories, viewEventOf } from './partner-view-events';
import { summarise } from './timeline-summary';

export const PARTNER_TIMELINE_PROJECTION = 'partner-timeline';
const TABLE = 'partner_timeline';
export const partnerTimelineTable = TABLE;

const timeline: BatchTable = {
  name: TABLE,
  key: ['event_id'],
  columns: {
    event_id: 'text',
    partner_id: 'text',
    occurred_at: 'timestamptz',
    recorded_at: 'timestamptz',
    commit_position: 'bigint',
    prepare_position: 'bigint',
    stream: 'text',
    revision: 'integer',
    type: 'text',
    summary: 'text',
  },
};

function entryOf(recorded: RecordedEvent): Record<string, unknown> | undefined {
  const view = viewEventOf(recorded);
  if (!view) return undefined;
  const { event, at } = view;
  return {
    event_id: recorded.id,
    partner_id: event.data.partnerId,
    occurred_at: at,
    recorded_at: recorded.recordedAt.toISOString(),
    commit_position: recorded.position.commit.toString(),
    prepare_position: recorded.position.prepare.toString(),
    stream: recorded.stream,
    revision: recorded.revision,
    type: recorded.type,
    summary: summarise(event),
  };
}

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
    const entry = entryOf(recorded);
    if (!entry) return;
    await manager.query(
      `INSERT INTO ${table(TABLE)} (event_id, partner_id, occurred_at, recorded_at, commit_position,
         prepare_position, stream, revision, type, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING`,
      Object.keys(timeline.columns).map((column) => entry[column]),
    );
  },

  async applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]) {
    const writer = new BatchWriter(scope);
    for (const recorded of events) {
      const entry = entryOf(recorded);
      if (entry) writer.insert(timeline, entry);
    }
    await writer.flush();
  },
};
