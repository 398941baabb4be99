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
    const partnerId = partnerIdOf(event);
    if (!partnerId) return;
    await manager.query(
      `INSERT INTO ${table(AUDIT_PARTNER_INDEX_TABLE)} (partner_id, commit_position, prepare_position, stream,
         revision, event_id, type, occurred_at, recorded_at, survivor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        partnerId,
        event.position.commit.toString(),
        event.position.prepare.toString(),
        event.stream,
        event.revision,
        event.id,
        event.type,
        occurredAtOf(event),
        event.recordedAt.toISOString(),
        survivorIdOf(event) ?? null,
      ],
    );
  },
};
