import { ErrorType, NO_STREAM, type AppendExpectedRevision, type EventData } from '@eventstore/db-client';
import { EventIdReusedError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../port';
import type { EventStoreDbDriver } from './driver';
import { isDriverError, mapDriverError, type ErrorContext } from './driver-errors';
import { claimEventIds, claimedStream, isClaimStream, type ClaimDriver } from './event-id-claims';
import { firstRevisionWrittenAt, toDbExpectedRevision } from './expected-revision';
import { sealEvents } from './hash-chain';
import { fromDbPosition } from './positions';
import { findPriorAppend } from './prior-append';

export interface AppendOptions {
  /** Keep the event-id index that refuses an id reused in another stream (default true). */
  readonly eventIdClaims?: boolean;
  /** How far back an append looks for a retry of itself (events before the revision it appends at). */
  readonly retryLookback?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Concurrent `any` appends to one stream each retry at the new tail; this bounds a pathological race. */
const MAX_OPEN_APPEND_ATTEMPTS = 50;

function validateAppend(stream: string, events: readonly NewEvent[]): void {
  if (stream.length === 0) throw new InvalidAppendError('Stream name must not be empty');
  if (stream.startsWith('$'))
    throw new InvalidAppendError(`Stream ${stream} is an EventStoreDB system stream`);
  if (isClaimStream(stream))
    throw new InvalidAppendError(`Stream ${stream} holds the event store's id index`);
  if (events.length === 0) throw new InvalidAppendError(`Append to ${stream} has no events`);
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id "${event.id}" is not a UUID`);
    if (event.type.length === 0) throw new InvalidAppendError(`Event ${event.id} has no type`);
    if (event.type.startsWith('$')) throw new InvalidAppendError(`Event type ${event.type} is reserved`);
  }
}

const isWrongExpectedVersion = (error: unknown): boolean =>
  isDriverError(error, ErrorType.WRONG_EXPECTED_VERSION);

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Appends with the port's guarantees on a store that only deduplicates retries at the same revision
 * while they are cached: every append becomes an exact-revision append after checking the stream
 * (and the id index) for an earlier copy of itself. See docs/eventstoredb.md, "Idempotency".
 */
export class EventStoreDbAppender {
  constructor(
    private readonly driver: Pick<EventStoreDbDriver, 'appendToStream' | 'readStream'>,
    private readonly reader: Pick<EventStore, 'readStream'>,
    private readonly options: AppendOptions = {},
  ) {}

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    if (expected !== 'no_stream') toDbExpectedRevision(expected); // Refuses a revision that is not one.
    if (this.options.eventIdClaims !== false)
      await claimEventIds(
        this.claims,
        stream,
        events.map((event) => event.id),
      ).catch((error: unknown) => Promise.reject(mapDriverError(error, { stream, expected })));
    if (expected === 'no_stream') return this.appendToNewStream(stream, events);
    return this.appendAfterTail(stream, events, expected);
  }

  private readonly claims: ClaimDriver = {
    appendClaim: async (claimStream, claim) => {
      try {
        await this.driver.appendToStream(claimStream, [claim], { expectedRevision: NO_STREAM });
        return true;
      } catch (error) {
        if (isWrongExpectedVersion(error)) return false;
        throw error;
      }
    },
    readClaim: async (claimStream) => {
      for await (const resolved of this.driver.readStream(claimStream, { maxCount: 1 }))
        return claimedStream(resolved.event?.data);
      return undefined;
    },
  };

  /** A new stream holds nothing yet: append first; a retry of a successful append finds it at revision 0. */
  private async appendToNewStream(stream: string, events: readonly NewEvent[]): Promise<AppendResult> {
    const context = { stream, expected: 'no_stream' as const };
    try {
      return await this.appendExactly(
        stream,
        sealEvents(stream, events, 0, undefined),
        events,
        NO_STREAM,
        context,
      );
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw mapDriverError(error, context);
      const stored = await this.reader.readStream(stream, { maxCount: events.length });
      return this.answerRetry(events, stored) ?? Promise.reject(mapDriverError(error, context));
    }
  }

  /**
   * Reads the stream's tail (up to the expected revision) and answers a retry from it: a command
   * retried after it succeeded reloads the stream and appends the same ids at a newer revision.
   * Otherwise appends at the exact revision of that tail, chaining from its last event, so nothing
   * can slip in between the check and the append. `any` and `stream_exists` re-read and retry
   * when another writer wins the race; an exact expectation reports the conflict.
   */
  private async appendAfterTail(
    stream: string,
    events: readonly NewEvent[],
    expected: number | 'any' | 'stream_exists',
  ): Promise<AppendResult> {
    const context = { stream, expected };
    const exact = typeof expected === 'number';
    for (let attempt = 1; ; attempt += 1) {
      const tail = await this.reader.readStream(stream, {
        direction: 'backwards',
        fromRevision: exact ? expected : undefined,
        maxCount: Math.max(this.options.retryLookback ?? 256, events.length),
      });
      const retry = this.answerRetry(events, tail);
      if (retry) return retry;
      const head = tail[0];
      if (!head && expected === 'stream_exists')
        throw new WrongExpectedRevisionError(stream, expected, 'no_stream');
      const after = exact ? expected : (head?.revision ?? -1);
      const previousHash = head?.revision === after ? head.hash : undefined;
      const sealed = sealEvents(stream, events, after + 1, previousHash);
      const revision: AppendExpectedRevision = after < 0 ? NO_STREAM : BigInt(after);
      try {
        return await this.appendExactly(stream, sealed, events, revision, context);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw mapDriverError(error, context);
        if (exact) {
          // A concurrent copy of this very append may have won: it sits right after the expected revision.
          const stored = await this.reader.readStream(stream, {
            fromRevision: firstRevisionWrittenAt(expected),
            maxCount: events.length,
          });
          return this.answerRetry(events, stored) ?? Promise.reject(mapDriverError(error, context));
        }
        if (attempt >= MAX_OPEN_APPEND_ATTEMPTS) throw mapDriverError(error, context);
        await pause(Math.floor(Math.random() * 5 * attempt));
      }
    }
  }

  /** The stored events' answer when they hold this append already; throws when its ids were reused. */
  private answerRetry(
    events: readonly NewEvent[],
    stored: readonly RecordedEvent[],
  ): AppendResult | undefined {
    const prior = findPriorAppend(events, stored);
    if (prior.kind === 'reused') throw new EventIdReusedError(prior.eventId);
    if (prior.kind === 'none') return undefined;
    return { nextExpectedRevision: prior.last.revision, position: prior.last.position };
  }

  /** Raw driver errors escape so callers can tell a lost race from a failure. */
  private async appendExactly(
    stream: string,
    sealed: EventData[],
    events: readonly NewEvent[],
    revision: AppendExpectedRevision,
    context: ErrorContext,
  ): Promise<AppendResult> {
    const result = await this.driver.appendToStream(stream, sealed, { expectedRevision: revision });
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    if (result.position && events.length === 1)
      return { nextExpectedRevision, position: fromDbPosition(result.position) };
    // Several events share one commit, so the append's reported position need not be the last event's; and a
    // duplicate acknowledged from the server's own cache has none. The stored events say what was written.
    const stored = await this.reader
      .readStream(stream, {
        direction: 'backwards',
        fromRevision: nextExpectedRevision,
        maxCount: events.length,
      })
      .catch((error: unknown) => Promise.reject(mapDriverError(error, context)));
    const answer = this.answerRetry(events, stored);
    if (answer) return answer;
    if (result.position) return { nextExpectedRevision, position: fromDbPosition(result.position) };
    const last = stored[0];
    if (!last) throw new WrongExpectedRevisionError(stream, context.expected ?? 'any', 'no_stream');
    return { nextExpectedRevision, position: last.position };
  }
}
