import { streamCategory, type RecordedEvent } from '@continuum/event-store';
import type { Projection, ProjectionScope } from '@continuum/projections';
import { AUDIT_LOG_CATEGORY } from './audit-log';

export const AUDIT_PARTNER_INDEX_PROJECTION = 'audit-partner-index';
export const AUDIT_PARTNER_INDEX_TABLE = 'audit_partner_events';

/** Business time of an event: its `occurredAt`, else when it was recorded. */
export function occurredAtOf(event: Pick<RecordedEvent, 'metadata' | 'recordedAt'>): string {
  const occurredAt = event.metadata.occurredAt;
  return typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt))
    ? new Date(occurredAt).toISOString()
    : event.recordedAt.toISOString();
}

/** The partner an event is about: every partner, line and task event names it as `data.partnerId`. */
export function partnerIdOf(event: Pick<RecordedEvent, 'data' | 'stream'>): string | undefined {
  if (streamCategory(event.stream) === AUDIT_LOG_CATEGORY) return undefined;
  const partnerId = (event.data as { partnerId?: unknown } | null)?.partnerId;
  return typeof partnerId === 'string' && partnerId.length > 0 ? partnerId : undefined;
}

const mergeTypes: ReadonlySet<string> = new Set(['PartnerMergedInto', 'PartnerMergeUndone']);

function survivorIdOf(event: Pick<RecordedEvent, 'type' | 'data'>): string | undefined {
  if (!mergeTypes.has(event.type)) return undefined;
  const survivorId = (event.data as { survivorId?: unknown } | null)?.survivorId;
  return typeof survivorId === 'string' ? survivorId : undefined;
}

/**
 * Where each partner's events are: one row per event about a partner, from any stream of any context,
 * so reading a partner's history reads only its own streams (through the event-store port), never the
 * whole store. The events themselves stay in the store: the index holds positions, not data.
 */
export const auditPartnerIndexProjection: Projection = {
  name: AUDIT_PARTNER_INDEX_PROJECTION,
  tables: [AUDIT_PARTNER_INDEX_TABLE],

  async setup({ manager, table }: ProjectionScope) {
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(AUDIT_PARTNER_INDEX_TABLE)} (
      partner_id text NOT NULL,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      stream text NOT NULL,
      revision bigint NOT NULL,
      event_id uuid NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      -- For PartnerMergedInto / PartnerMergeUndone: the survivor, so a survivor's history finds its duplicates.
      survivor_id text,
      PRIMARY KEY (partner_id, commit_position, prepare_position))`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${AUDIT_PARTNER_INDEX_TABLE}_merges ON ${table(AUDIT_PARTNER_INDEX_TABLE)}
       (survivor_id) WHERE survivor_id IS NOT NULL`,
    );
  },

  async apply({ manager, table }: ProjectionScope, event: RecordedEvent) {
    const row = indexRowOf(event);
    if (!row) return;
    await manager.query(
      `INSERT INTO ${table(AUDIT_PARTNER_INDEX_TABLE)} (${indexColumns.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      indexColumns.map((column) => row[column]),
    );
  },

  /** The same rows as `apply` event by event, in one multi-row statement per batch. */
  async applyBatch({ manager, table }: ProjectionScope, events: readonly RecordedEvent[]) {
    const rows = new Map<string, IndexRow>();
    for (const event of events) {
      const row = indexRowOf(event);
      const key = row && `${row.partner_id}/${row.commit_position}/${row.prepare_position}`;
      // ON CONFLICT DO NOTHING one by one: the first row of a key stands.
      if (row && key && !rows.has(key)) rows.set(key, row);
    }
    if (rows.size === 0) return;
    await manager.query(
      `INSERT INTO ${table(AUDIT_PARTNER_INDEX_TABLE)} (${indexColumns.join(', ')})
       SELECT ${indexColumns.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${indexColumns
         .map((column) => `${column} ${indexColumnTypes[column]}`)
         .join(', ')})
       ON CONFLICT DO NOTHING`,
      [JSON.stringify([...rows.values()])],
    );
  },
};

const indexColumnTypes = {
  partner_id: 'text',
  commit_position: 'bigint',
  prepare_position: 'bigint',
  stream: 'text',
  revision: 'bigint',
  event_id: 'uuid',
  type: 'text',
  occurred_at: 'timestamptz',
  recorded_at: 'timestamptz',
  survivor_id: 'text',
} as const;

type IndexColumn = keyof typeof indexColumnTypes;
type IndexRow = Record<IndexColumn, string | number | null>;
const indexColumns = Object.keys(indexColumnTypes) as IndexColumn[];

/** The index row of an event about a partner; none for any other event. */
function indexRowOf(event: RecordedEvent): IndexRow | undefined {
  const partnerId = partnerIdOf(event);
  if (!partnerId) return undefined;
  return {
    partner_id: partnerId,
    commit_position: event.position.commit.toString(),
    prepare_position: event.position.prepare.toString(),
    stream: event.stream,
    revision: event.revision,
    event_id: event.id,
    type: event.type,
    occurred_at: occurredAtOf(event),
    recorded_at: event.recordedAt.toISOString(),
    survivor_id: survivorIdOf(event) ?? null,
  };
}
