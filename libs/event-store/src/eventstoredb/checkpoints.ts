import { comparePositions, isAfter } from '../position';
import type { FeedFilter, FeedPage, GlobalPosition, RecordedEvent } from '../port';
import { matchesFeedFilter } from './feed-filter';

/** A checkpoint the server sent while filtering, valid once the consumer has taken `afterEvents` events. */
export interface CheckpointMarker {
  readonly position: GlobalPosition;
  readonly afterEvents: number;
}

/**
 * The server sends checkpoints out of band while earlier events may still wait in the driver's
 * buffer; a checkpoint counts only once every event sent before it was taken.
 */
export function passedCheckpoint(
  markers: readonly CheckpointMarker[],
  eventsTaken: number,
): { passed: GlobalPosition | undefined; pending: CheckpointMarker[] } {
  let passed: GlobalPosition | undefined;
  const pending: CheckpointMarker[] = [];
  for (const marker of markers) {
    if (marker.afterEvents > eventsTaken) pending.push(marker);
    else if (!passed || comparePositions(marker.position, passed) > 0) passed = marker.position;
  }
  return { passed, pending };
}

/** Where a batch leaves the feed: the furthest of what it read and a checkpoint passed; undefined if no further than before. */
export function batchCheckpoint(
  previous: GlobalPosition | undefined,
  lastRead: GlobalPosition | undefined,
  passed: GlobalPosition | undefined,
): GlobalPosition | undefined {
  const furthest = [lastRead, passed].reduce<GlobalPosition | undefined>(
    (best, candidate) => (candidate && isAfter(candidate, best) ? candidate : best),
    undefined,
  );
  return furthest && isAfter(furthest, previous) ? furthest : undefined;
}

export interface PageInput {
  readonly from: GlobalPosition | undefined;
  /** Every event read from the log after `from`, in log order, system events included. */
  readonly scanned: readonly RecordedEvent[];
  readonly maxCount: number;
  readonly filter: FeedFilter | undefined;
  /** The read stopped at the end of the log, not at its count. */
  readonly reachedEnd: boolean;
}

/** A feed page from an unfiltered scan: matching events up to maxCount; the checkpoint covers everything scanned for them. */
export function pageFromScan({ from, scanned, maxCount, filter, reachedEnd }: PageInput): FeedPage {
  const events: RecordedEvent[] = [];
  let lastScanned: GlobalPosition | undefined;
  let full = false;
  for (const event of scanned) {
    if (!isAfter(event.position, from)) continue;
    lastScanned = event.position;
    if (matchesFeedFilter(event, filter)) events.push(event);
    if (events.length === maxCount) {
      full = true;
      break;
    }
  }
  return { events, checkpoint: lastScanned ?? from, isEnd: reachedEnd && !full };
}
