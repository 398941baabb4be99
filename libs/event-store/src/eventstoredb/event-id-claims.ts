import type { EventData } from '@eventstore/db-client';
import { EventIdReusedError } from '../errors';
import { deterministicEventId } from '../event-id';

/**
 * EventStoreDB has no index by event id, so the adapter keeps one: a tiny stream per event id,
 * `continuum_ids-<id>`, whose first event names the stream that id was first appended to.
 */
export const CLAIM_STREAM_PREFIX = 'continuum_ids-';
export const CLAIM_EVENT_TYPE = 'ContinuumEventIdClaimed';

export const claimStreamOf = (eventId: string): string => `${CLAIM_STREAM_PREFIX}${eventId}`;

export const isClaimStream = (stream: string): boolean => stream.startsWith(CLAIM_STREAM_PREFIX);

/** The claim of `eventId` for `stream`; its own id is deterministic, so a repeated claim is the same event. */
export function claimEvent(eventId: string, stream: string): EventData {
  return {
    id: deterministicEventId('event-id-claim', eventId, stream),
    contentType: 'application/json',
    type: CLAIM_EVENT_TYPE,
    data: { stream },
    metadata: undefined,
  };
}

/** The stream a claim names, from the claim stream's first event's data. */
export function claimedStream(data: unknown): string | undefined {
  const stream = (data as { stream?: unknown } | null | undefined)?.stream;
  return typeof stream === 'string' ? stream : undefined;
}

export interface ClaimDriver {
  /** Appends the claim to a claim stream that must not exist yet; false when it does. */
  appendClaim(claimStream: string, claim: EventData): Promise<boolean>;
  /** The stream named by the claim stream's first event. */
  readClaim(claimStream: string): Promise<string | undefined>;
}

/**
 * Claims every id for `stream` before the append. An id already claimed for this stream is fine (a
 * retry, or a crash between claim and append: the stream's own check decides); an id claimed for
 * another stream was reused there, and the append is refused before anything is written.
 */
export async function claimEventIds(
  driver: ClaimDriver,
  stream: string,
  eventIds: readonly string[],
): Promise<void> {
  await Promise.all(
    eventIds.map(async (eventId) => {
      const claimStream = claimStreamOf(eventId);
      if (await driver.appendClaim(claimStream, claimEvent(eventId, stream))) return;
      const owner = await driver.readClaim(claimStream);
      if (owner !== undefined && owner !== stream) throw new EventIdReusedError(eventId);
    }),
  );
}
