import { PostgresEventStore, type FeedFilter, type NewEvent } from '@continuum/event-store';
import { ProjectionHost, type Projection } from '@continuum/projections';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { ContinuumHistory } from './history';
import { withClient } from '../support/database';
import { CommitClock } from './instruments';
import { percentile } from './stats';

export interface LiveLag {
  readonly name: string;
  /** Live events the projection's filter lets through. */
  readonly expected: number;
  /** Of those, how many it committed before the wait ran out. */
  readonly seen: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LiveResult {
  readonly appends: number;
  readonly seconds: number;
  readonly achievedRate: number;
  readonly appendP50Ms: number;
  readonly appendP99Ms: number;
  /** Most appends waiting or in flight at once (an append waits for the one before it on its stream). */
  readonly maxInFlight: number;
  /** How late the shared event loop ran a timer while writing, beyond the timer's own interval. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly projections: readonly LiveLag[];
  readonly runnerErrors: readonly string[];
  readonly horizon: HorizonSamples;
  readonly visibility: Visibility | undefined;
}

/**
 * Readers see the feed only below the horizon, the oldest transaction id still running on the whole
 * server. Sampled during the live phase: how often committed events sat above it, and whose open
 * transaction held it there.
 */
export interface HorizonSamples {
  readonly samples: number;
  readonly heldBy: Readonly<Record<HorizonHolder, number>>;
  /** Per sample: when it was answered (performance.now()) and the horizon position it saw. */
  readonly timeline: readonly { readonly at: number; readonly horizon: bigint }[];
}

export interface Visibility {
  /** From an append resolving to the first sample that saw its event below the horizon: readable by anyone. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** `ended`: the holder committed between the sample's two looks, too fast to name. */
export type HorizonHolder = 'projection' | 'append' | 'other-database' | 'other' | 'ended';

/** The DataSource of the bench's projections connects under this name, so the horizon sampler can tell it apart. */
export const PROJECTIONS_APPLICATION = 'bench-projections';
const WRITER_APPLICATION = 'bench-api';

export interface LiveOptions {
  readonly url: string;
  readonly dataSource: DataSource;
  readonly projections: readonly Projection[];
  readonly history: ContinuumHistory;
  readonly rate: number;
  readonly seconds: number;
  readonly poolSize: number;
}

/** Appends at the live rate before the measured window, their lag not counted. */
export const LIVE_WARMUP_SECONDS = 2;

const LOOP_RESOLUTION_MS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const passes = (filter: FeedFilter | undefined, stream: string, type: string): boolean =>
  (!filter?.streamCategories || filter.streamCategories.includes(stream.slice(0, stream.indexOf('-')))) &&
  (!filter?.eventTypes || filter.eventTypes.includes(type));

async function until(
  what: string,
  timeoutMs: number,
  probe: () => Promise<boolean> | boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      process.stderr.write(`  gave up waiting for ${what} after ${timeoutMs / 1000} s\n`);
      return false;
    }
    await sleep(10);
  }
  return true;
}

/**
 * Runs a ProjectionHost over every projection while a separate writer appends single events at a steady
 * rate, and measures for each event and projection the time from its append resolving to the commit of
 * the projection transaction that applied it. Writer and host use separate event-store instances, so the
 * host hears of appends the way the worker hears of the API's: through NOTIFY on its LISTEN connection.
 */
export async function measureLiveLag(options: LiveOptions): Promise<LiveResult> {
  const clock = new CommitClock();
  options.dataSource.subscribers.push(clock);
  const runnerErrors: string[] = [];
  const hostStore = await PostgresEventStore.connect({
    connectionString: options.url,
    applicationName: 'bench-worker',
    poolSize: options.poolSize,
  });
  const writerStore = await PostgresEventStore.connect({
    connectionString: options.url,
    applicationName: WRITER_APPLICATION,
    poolSize: options.poolSize,
  });
  const host = new ProjectionHost(
    options.projections.map((p) => clock.observe(p)),
    hostStore,
    options.dataSource,
    { onError: (error) => runnerErrors.push(error.message) },
  );
  let sampler: ReturnType<typeof sampleHorizon> | undefined;
  try {
    await host.start();
    await until('the host to own every projection and reach the head', 60_000, async () =>
      (await host.lag()).every((lag) => lag.owner && lag.positionsBehind === '0'),
    );
    sampler = sampleHorizon(options.url);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const appended = await writeSteadily(writerStore, options).finally(() => {
      loop.disable();
    });
    const expected = options.projections.map((p) => ({
      projection: p,
      events: appended.events.filter((e) => passes(p.filter, e.stream, e.type)),
    }));
    const allSeen = (): boolean =>
      expected.every(({ projection, events }) =>
        events.every((e) => clock.committedAt(projection.name, e.id) !== undefined),
      );
    await until('every projection to apply every live event', 60_000, allSeen);
    sampler.stop();
    const horizon = await sampler.done;
    sampler = undefined;
    return {
      ...appended.figures,
      loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      loopDelayMaxMs: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS),
      projections: expected.map(({ projection, events }) => {
        const lags: number[] = [];
        for (const event of events) {
          const committed = clock.committedAt(projection.name, event.id);
          if (committed !== undefined) lags.push(Math.max(0, committed - event.resolvedAt));
        }
        lags.sort((a, b) => a - b);
        return {
          name: projection.name,
          expected: events.length,
          seen: lags.length,
          p50Ms: percentile(lags, 50),
          p99Ms: percentile(lags, 99),
          maxMs: lags[lags.length - 1] ?? 0,
        };
      }),
      runnerErrors,
      horizon,
      visibility: visibilityOf(appended.events, horizon.timeline),
    };
  } finally {
    sampler?.stop();
    await sampler?.done;
    await host.stop();
    await writerStore.close();
    await hostStore.close();
    options.dataSource.subscribers.splice(options.dataSource.subscribers.indexOf(clock), 1);
  }
}

interface AppendedEvent {
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  readonly resolvedAt: number;
  readonly position: bigint;
}

/** Open loop: append i starts at start + i / rate whatever earlier appends are doing, one event each. */
async function writeSteadily(
  store: PostgresEventStore,
  options: LiveOptions,
): Promise<{
  events: AppendedEvent[];
  figures: Omit<
    LiveResult,
    'projections' | 'runnerErrors' | 'horizon' | 'visibility' | 'loopDelayP99Ms' | 'loopDelayMaxMs'
  >;
}> {
  const { history, rate } = options;
  // Untimed first: the writer's pool opens its connections and prepares its statements here.
  const warmup = rate * LIVE_WARMUP_SECONDS;
  const total = warmup + rate * options.seconds;
  const queue: { stream: string; event: NewEvent }[] = [];
  const chains = new Map<string, Promise<void>>();
  const events: AppendedEvent[] = [];
  const latencies: number[] = [];
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let maxInFlight = 0;

  const appendOne = async (
    stream: string,
    event: NewEvent,
    prior: Promise<void> | undefined,
    timed: boolean,
  ): Promise<void> => {
    if (prior) await prior;
    const expected = history.revisions.get(stream) ?? 'no_stream';
    const started = performance.now();
    const result = await store.append(stream, [event], expected);
    const resolvedAt = performance.now();
    history.revisions.set(stream, result.nextExpectedRevision);
    if (!timed) return;
    latencies.push(resolvedAt - started);
    events.push({ id: event.id, stream, type: event.type, resolvedAt, position: result.position.commit });
  };

  const started = performance.now();
  let issued = 0;
  while (issued < total && failures.length === 0) {
    const now = performance.now();
    while (issued < total && started + (issued * 1000) / rate <= now) {
      while (queue.length === 0) queue.push(...history.live(Date.now()));
      const { stream, event } = queue.shift()!;
      const done = appendOne(stream, event, chains.get(stream), issued >= warmup);
      chains.set(stream, done);
      running.add(done);
      const settle = (): void => {
        running.delete(done);
        if (chains.get(stream) === done) chains.delete(stream);
      };
      done.then(settle, (error: unknown) => {
        failures.push(error);
        settle();
      });
      if (issued >= warmup) maxInFlight = Math.max(maxInFlight, running.size);
      issued++;
    }
    await sleep(1);
  }
  await Promise.allSettled(running);
  if (failures.length > 0) throw failures[0];
  const seconds = (performance.now() - started) / 1000 - LIVE_WARMUP_SECONDS;
  latencies.sort((a, b) => a - b);
  return {
    events,
    figures: {
      appends: events.length,
      seconds,
      achievedRate: events.length / seconds,
      appendP50Ms: percentile(latencies, 50),
      appendP99Ms: percentile(latencies, 99),
      maxInFlight,
    },
  };
}

const horizonStatement = `
  WITH x AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin),
       h AS (SELECT max(global_position) >> 20 AS head FROM event_store.events)
  SELECT (x.xmin << 20)::text AS horizon, h.head >= x.xmin AS held,
         (SELECT a.datname = current_database() FROM pg_stat_activity a
          WHERE a.backend_xid::text::bigint = x.xmin LIMIT 1) AS same_database,
         (SELECT a.application_name FROM pg_stat_activity a
          WHERE a.backend_xid::text::bigint = x.xmin LIMIT 1) AS application
  FROM x, h`;

/** Every 10 ms, on its own connection (a read-only query: it holds no transaction id itself). */
function sampleHorizon(url: string): { stop: () => void; done: Promise<HorizonSamples> } {
  let running = true;
  const heldBy: Record<HorizonHolder, number> = {
    projection: 0,
    append: 0,
    'other-database': 0,
    other: 0,
    ended: 0,
  };
  const timeline: { at: number; horizon: bigint }[] = [];
  const done = withClient(url, async (client) => {
    let samples = 0;
    while (running) {
      const result = await client.query<{
        horizon: string;
        held: boolean | null;
        same_database: boolean | null;
        application: string | null;
      }>(horizonStatement);
      const row = result.rows[0];
      samples++;
      if (row) timeline.push({ at: performance.now(), horizon: BigInt(row.horizon) });
      if (row?.held) {
        const holder: HorizonHolder =
          row.same_database === null
            ? 'ended'
            : !row.same_database
              ? 'other-database'
              : row.application === PROJECTIONS_APPLICATION
                ? 'projection'
                : row.application === WRITER_APPLICATION
                  ? 'append'
                  : 'other';
        heldBy[holder]++;
      }
      await sleep(10);
    }
    return { samples, heldBy, timeline };
  }).catch((error: unknown) => {
    process.stderr.write(`  horizon sampler stopped: ${String(error)}\n`);
    return { samples: 0, heldBy, timeline: [] };
  });
  return {
    stop: () => {
      running = false;
    },
    done,
  };
}

function visibilityOf(
  events: readonly AppendedEvent[],
  timeline: HorizonSamples['timeline'],
): Visibility | undefined {
  if (timeline.length === 0) return undefined;
  const waits: number[] = [];
  for (const event of events) {
    // The timeline is in time order, and so is every horizon in it: find the first sample after the append.
    let low = 0;
    let high = timeline.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (timeline[middle]!.at < event.resolvedAt) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < timeline.length; i++) {
      const sample = timeline[i]!;
      if (sample.horizon <= event.position) continue;
      waits.push(sample.at - event.resolvedAt);
      break;
    }
  }
  waits.sort((a, b) => a - b);
  return { p50Ms: percentile(waits, 50), p99Ms: percentile(waits, 99), maxMs: waits[waits.length - 1] ?? 0 };
}
