import { abortableDelay } from '../abortable-delay';
import { isAfter } from '../position';
import type { FeedPage, ReadAllOptions, SubscribeOptions, Subscription } from '../port';
import type { FeedSignal } from './feed-signal';

export interface FeedSource {
  readPage(options: ReadAllOptions): Promise<FeedPage & { blocked: boolean }>;
  readonly signal: FeedSignal;
}

export interface WakeTimings {
  /** Re-read this soon when committed events wait behind a still-running transaction. */
  readonly blockedRetryMs: number;
  /** Re-read at least this often in case a notification was lost (a crash between commit and NOTIFY). */
  readonly idleRecheckMs: number;
  /** Appends within this window share one NOTIFY: other processes hear of them at most this late. */
  readonly notifyCoalesceMs: number;
  /** A subscriber that has caught up reads again no sooner than this after its last read began. */
  readonly minReadIntervalMs: number;
}

/**
 * Catches up in batches, then sleeps until the feed signals growth: no busy polling. Once caught up, reads
 * are spaced by `minReadIntervalMs`, so under a stream of appends each read takes a batch, not one event.
 */
export function pollingSubscription(
  source: FeedSource,
  options: SubscribeOptions,
  timings: WakeTimings,
): Subscription {
  const stopping = new AbortController();
  const batchSize = options.batchSize ?? 500;
  const minReadIntervalMs = options.minReadIntervalMs ?? timings.minReadIntervalMs;

  const run = async (): Promise<void> => {
    let checkpoint = options.from;
    while (!stopping.signal.aborted) {
      const seen = source.signal.current;
      const readAt = Date.now();
      const page = await source.readPage({ from: checkpoint, maxCount: batchSize, filter: options.filter });
      if (page.checkpoint && isAfter(page.checkpoint, checkpoint)) {
        await options.handle({ events: page.events, checkpoint: page.checkpoint });
        checkpoint = page.checkpoint;
      }
      if (!page.isEnd) continue;
      await source.signal.wait(
        seen,
        page.blocked ? timings.blockedRetryMs : timings.idleRecheckMs,
        stopping.signal,
      );
      const early = readAt + minReadIntervalMs - Date.now();
      if (early > 0) await abortableDelay(early, stopping.signal);
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
