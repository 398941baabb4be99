import type { EventData, JSONType, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../port';
import { fromDbPosition } from './positions';

/** EventStoreDB's own metadata keys: its `$by_correlation_id` projection and UI read them. */
const DB_CORRELATION_ID = '$correlationId';
const DB_CAUSATION_ID = '$causationId';
/** Where the event's link in its stream's hash chain (integrity/event-hash.ts) is kept. */
export const CHAIN_HASH_KEY = 'continuum.hash';

/** The port's metadata, plus the `$`-keys EventStoreDB understands and the chain hash, as stored JSON. */
export function encodeMetadata(metadata: EventMetadata = {}, hash?: string): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...metadata };
  if (hash !== undefined) stored[CHAIN_HASH_KEY] = hash;
  if (typeof metadata.correlationId === 'string') stored[DB_CORRELATION_ID] = metadata.correlationId;
  if (typeof metadata.causationId === 'string') stored[DB_CAUSATION_ID] = metadata.causationId;
  return stored;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** Stored metadata back to the port's shape (as appended) and the chain hash; other tools' `$`-ids are kept. */
export function decodeMetadata(stored: unknown): { metadata: EventMetadata; hash: string | undefined } {
  if (!isPlainObject(stored)) return { metadata: {}, hash: undefined };
  const {
    [DB_CORRELATION_ID]: dbCorrelationId,
    [DB_CAUSATION_ID]: dbCausationId,
    [CHAIN_HASH_KEY]: hash,
    ...metadata
  } = stored;
  return {
    metadata: {
      ...(typeof dbCorrelationId === 'string' ? { correlationId: dbCorrelationId } : {}),
      ...(typeof dbCausationId === 'string' ? { causationId: dbCausationId } : {}),
      ...metadata,
    },
    hash: typeof hash === 'string' ? hash : undefined,
  };
}

/** A new event as the driver writes it: JSON data and metadata (with its chain hash), the caller's id kept. */
export function encodeEvent(event: NewEvent, hash?: string): EventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // JSON.stringify cannot write `undefined`; null is its nearest JSON value.
    data: (event.data ?? null) as JSONType,
    metadata: encodeMetadata(event.metadata, hash),
  };
}

function decodeData(data: unknown, isJson: boolean): unknown {
  if (isJson || !(data instanceof Uint8Array)) return data;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
  } catch {
    return data; // Binary written by another tool: handed over as bytes.
  }
}

/** A read event in the port's shape; undefined for an unresolved link (no event record). */
export function decodeEvent(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  // Servers older than 22.6 send positions only on $all reads; stream reads then have the commit alone.
  const position =
    event.position ??
    (resolved.commitPosition === undefined
      ? undefined
      : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  if (!position) throw new Error(`Event ${event.id} in ${event.streamId} came without a log position`);
  const { metadata, hash } = decodeMetadata(event.metadata);
  return {
    id: event.id,
    type: event.type,
    data: decodeData(event.data, event.isJson),
    metadata,
    stream: event.streamId,
    revision: Number(event.revision),
    position: fromDbPosition(position),
    recordedAt: event.created,
    ...(hash ? { hash } : {}),
  };
}

/** The same id with the same type and data: a retry of this event, not a different one. */
export const sameContent = (sent: NewEvent, stored: RecordedEvent): boolean =>
  sent.type === stored.type && JSON.stringify(sent.data ?? null) === JSON.stringify(stored.data);
