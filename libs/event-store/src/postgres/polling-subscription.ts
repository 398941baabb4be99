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
}

/** Catches up in batches, then sleeps until the feed signals growth: no busy polling. */
export function pollingSubscription(
  source: FeedSource,
  options: SubscribeOptions,
  timings: WakeTimings,
): Subscription {
  const stopping = new AbortController();
  const batchSize = options.batchSize ?? 500;

  const run = async (): Promise<void> => {
    let checkpoint = options.from;
    while (!stopping.signal.aborted) {
      const seen = source.signal.current;
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
