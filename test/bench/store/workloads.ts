import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { StoreContender } from './contender';
import { newBenchEvents } from './payload';

export interface WriteResult {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface ReadResult {
  /** Distinct events read: the rate counts these. */
  readonly events: number;
  /** Events handed over more than once. */
  readonly duplicates: number;
  readonly seconds: number;
}

/**
 * Streams dealt round-robin to writers: each writer owns its streams, so it always knows their exact
 * revision and every append carries a real expected-revision check that must succeed.
 */
export class OwnedStreams {
  readonly names: string[];
  readonly revisions: number[];
  private readonly owned: number[][];
  private readonly cursors: number[];

  constructor(
    count: number,
    readonly writers: number,
  ) {
    this.names = Array.from({ length: count }, () => `partner-${randomUUID()}`);
    this.revisions = this.names.map(() => -1);
    this.owned = Array.from({ length: writers }, (_, writer) =>
      this.names.map((_name, index) => index).filter((index) => index % writers === writer),
    );
    this.cursors = this.owned.map(() => 0);
  }

  /** The writer's next stream, cycling through the streams it owns. */
  next(writer: number): number {
    const mine = this.owned[writer]!;
    const cursor = this.cursors[writer]!;
    this.cursors[writer] = cursor + 1;
    return mine[cursor % mine.length]!;
  }
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

/** `appends` appends of `eventsPerAppend` events, shared out among all writers, which run concurrently. */
export async function runWrites(
  contender: StoreContender,
  streams: OwnedStreams,
  appends: number,
  eventsPerAppend: number,
): Promise<WriteResult> {
  const latencies: number[] = [];
  const writer = async (id: number): Promise<void> => {
    const share = Math.floor(appends / streams.writers) + (id < appends % streams.writers ? 1 : 0);
    for (let done = 0; done < share; done++) {
      const index = streams.next(id);
      const events = newBenchEvents(eventsPerAppend);
      const started = performance.now();
      await contender.append(streams.names[index]!, events, streams.revisions[index]!);
      latencies.push(performance.now() - started);
      streams.revisions[index] = streams.revisions[index]! + eventsPerAppend;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: streams.writers }, (_, id) => writer(id)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    events: appends * eventsPerAppend,
    appends,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

export async function runFeedRead(contender: StoreContender, pageSize: number): Promise<ReadResult> {
  const started = performance.now();
  const ids = await contender.readFeed(pageSize);
  const seconds = (performance.now() - started) / 1000;
  const distinct = new Set(ids).size;
  return { events: distinct, duplicates: ids.length - distinct, seconds };
}

/** What one contender's process reports back to the orchestrator. */
export interface ContenderResult {
  readonly single: WriteResult;
  readonly batched: WriteResult;
  readonly read: ReadResult;
  /** Every event appended, warm-up included: the feed read must find exactly this many. */
  readonly written: number;
}
