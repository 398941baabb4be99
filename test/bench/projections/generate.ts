import type { EventStore } from '@continuum/event-store';
import { performance } from 'node:perf_hooks';
import type { ContinuumHistory, HistorySummary, PlannedAppend } from './history';
import { percentile } from './stats';

export interface GenerationResult {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Appends the planned history from `writers` concurrent writers taking appends in business-time order.
 * Appends to one stream wait for the one before it, so every append carries its exact expected revision.
 */
async function appendHistory(
  store: EventStore,
  appends: readonly PlannedAppend[],
  writers: number,
  progress: (fraction: number) => void,
): Promise<GenerationResult> {
  const inFlight = new Map<string, Promise<void>>();
  const latencies: number[] = [];
  let cursor = 0;
  let reported = 0;

  const appendOne = async (append: PlannedAppend, prior: Promise<void> | undefined): Promise<void> => {
    if (prior) await prior;
    const started = performance.now();
    const result = await store.append(append.stream, append.events, append.expected);
    latencies.push(performance.now() - started);
    const expected = (append.expected === 'no_stream' ? -1 : Number(append.expected)) + append.events.length;
    if (result.nextExpectedRevision !== expected)
      throw new Error(`${append.stream}: revision ${result.nextExpectedRevision}, expected ${expected}`);
  };

  const writer = async (): Promise<void> => {
    while (cursor < appends.length) {
      const append = appends[cursor++]!;
      const done = appendOne(append, inFlight.get(append.stream));
      inFlight.set(append.stream, done);
      await done;
      if (inFlight.get(append.stream) === done) inFlight.delete(append.stream);
      if (cursor / appends.length >= reported + 0.1) progress((reported = cursor / appends.length));
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    events: appends.reduce((sum, append) => sum + append.events.length, 0),
    appends: appends.length,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Plans the history and appends it. The planned events (hundreds of MB at the default size) live only in
 * this call, so later phases do not pay for collecting them.
 */
export async function generateHistory(
  store: EventStore,
  history: ContinuumHistory,
  writers: number,
  log: (line: string) => void,
): Promise<{ summary: HistorySummary; generation: GenerationResult }> {
  const { summary, appends } = history.plan();
  log(`planned ${summary.events} events in ${summary.streams} streams, ${summary.appends} appends`);
  const generation = await appendHistory(store, appends, writers, (fraction) =>
    log(`  appended ${Math.round(fraction * 100)}%`),
  );
  return { summary, generation };
}
