import type { EventData } from '@eventstore/db-client';
import { eventHash } from '../integrity';
import type { NewEvent } from '../port';
import { encodeEvent } from './event-codec';

/**
 * The events to write, each sealed with its link in the stream's hash chain. The adapter always
 * appends at a known revision (see `appendAtTail`), so the whole link is computed here; the hash
 * covers the data and metadata exactly as a reader gets them back.
 */
export function sealEvents(
  stream: string,
  events: readonly NewEvent[],
  firstRevision: number,
  previousHash: string | undefined,
): EventData[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const hash = eventHash(previous, {
      stream,
      revision: firstRevision + index,
      id: event.id,
      type: event.type,
      data: event.data ?? null,
      metadata: event.metadata,
    });
    previous = hash;
    return encodeEvent(event, hash);
  });
}
