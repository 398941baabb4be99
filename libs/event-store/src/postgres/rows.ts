import { positionOf } from '../position';
import type { EventMetadata, RecordedEvent } from '../port';

/** Columns shared by stream and feed reads; pg returns bigint columns as strings. */
export interface EventRow {
  global_position: string;
  event_id: string;
  stream_name: string;
  stream_revision: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: string | null;
}

export const eventColumns =
  'global_position, event_id, stream_name, stream_revision, event_type, data, metadata, recorded_at, hash';

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    stream: row.stream_name,
    revision: Number(row.stream_revision),
    position: positionOf(BigInt(row.global_position)),
    recordedAt: row.recorded_at,
    ...(row.hash ? { hash: row.hash } : {}),
  };
}
