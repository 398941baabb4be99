import { abortableDelay } from '../abortable-delay';
import type { ResolvedEvent } from '@eventstore/db-client';
import type { FeedBatch, GlobalPosition, RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { batchCheckpoint, passedCheckpoint, type CheckpointMarker } from './checkpoints';
import { EventStoreUnavailableError, isTransientDriverError, mapDriverError } from './driver-errors';
import { decodeEvent } from './event-codec';
import { matchesFeedFilter } from './feed-filter';

/** The driver's catch-up subscription as this module uses it: a paused object stream of resolved events. */
export interface FeedStream {
  readonly readableLength: number;
  read(): unknown;
  on(event: 'readable' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

export interface FeedSource {
  /** Subscribes to `$all` after `from` (exclusive) with the server-side filter, reporting its checkpoints. */
  open(
    from: GlobalPosition | undefined,
    onCheckpoint: (position: GlobalPosition) => void,
    bufferSize: number,
  ): FeedStream;
}

export interface ReconnectPolicy {
  /** Consecutive failed (re)subscriptions before `done` rejects; progress resets the count. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly onReconnect?: (error: unknown, attempt: number) => void;
}

/** The handler failed: ends the subscription, never retried. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('subscription handler failed');
  }
}

export const reconnectDelay = (attempt: number, policy: ReconnectPolicy): number =>
  Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);

/**
 * Batches a server-side filtered catch-up subscription for the port: in log order, checkpoints that
 * cover filtered-out events, one handler call at a time, resubscribing from the last delivered
 * checkpoint after a transient failure (node down, leader change).
 */
export function feedSubscription(
  source: FeedSource,
  options: SubscribeOptions,
  policy: ReconnectPolicy,
): Subscription {
  const stopping = new AbortController();
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const minReadIntervalMs = options.minReadIntervalMs ?? 0;
  let checkpoint = options.from;

  const deliver = async (batch: FeedBatch): Promise<void> => {
    try {
      await options.handle(batch);
    } catch (error) {
      throw new HandlerFailure(error);
    }
    checkpoint = batch.checkpoint;
  };

  const follow = async (onProgress: () => void): Promise<void> => {
    let taken = 0;
    let markers: CheckpointMarker[] = [];
    // Written by stream callbacks between the loop's awaits.
    const status: { failure: Error | undefined; ended: boolean } = { failure: undefined, ended: false };
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    const stream: FeedStream = source.open(
      checkpoint,
      (position) => {
        // Events the driver buffered before this checkpoint must be taken before it counts.
        markers.push({ position, afterEvents: taken + stream.readableLength });
        notify();
      },
      batchSize,
    );
    stream.on('readable', notify);
    stream.on('error', (error) => {
      status.failure ??= error;
      notify();
    });
    stream.on('end', () => {
      status.ended = true;
      notify();
    });
    stopping.signal.addEventListener('abort', notify);
    try {
      while (!stopping.signal.aborted) {
        if (status.failure) throw status.failure;
        const events: RecordedEvent[] = [];
        let lastRead: GlobalPosition | undefined;
        let read = 0;
        while (read < batchSize) {
          const resolved = stream.read() as ResolvedEvent | null;
          if (resolved === null) break;
          read += 1;
          taken += 1;
          const event = decodeEvent(resolved);
          if (!event) continue;
          lastRead = event.position;
          if (matchesFeedFilter(event, options.filter)) events.push(event);
        }
        const reached = passedCheckpoint(markers, taken);
        markers = reached.pending;
        const next = batchCheckpoint(checkpoint, lastRead, reached.passed);
        if (next) {
          const deliveredAt = Date.now();
          await deliver({ events, checkpoint: next });
          onProgress();
          // Caught up (a short batch): let the next batch gather for the rest of the interval.
          const early = deliveredAt + minReadIntervalMs - Date.now();
          if (read < batchSize && early > 0) await abortableDelay(early, stopping.signal);
          continue;
        }
        if (read > 0) continue;
        if (status.ended) throw new EventStoreUnavailableError('the server ended the subscription');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      stopping.signal.removeEventListener('abort', notify);
      await stream.unsubscribe().catch(() => undefined);
      stream.destroy();
    }
  };

  const run = async (): Promise<void> => {
    let attempts = 0;
    for (;;) {
      try {
        await follow(() => {
          attempts = 0;
        });
        return;
      } catch (error) {
        if (error instanceof HandlerFailure) throw error.failure;
        if (stopping.signal.aborted) return;
        attempts += 1;
        if (!isTransientDriverError(error) || attempts > policy.maxAttempts) throw mapDriverError(error);
        policy.onReconnect?.(error, attempts);
        await abortableDelay(reconnectDelay(attempts, policy), stopping.signal);
      }
    }
  };

  const done = run();
  done.catch(() => undefined); // observed through `done`; never an unhandled rejection
  return {
    done,
    async stop() {
      stopping.abort();
      await done.catch(() => undefined);
    },
  };
}
