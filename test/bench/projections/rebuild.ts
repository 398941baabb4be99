import type { EventStore, FeedPage, GlobalPosition } from '@continuum/event-store';
import { ProjectionRebuilder, type Projection, type ProjectionStore } from '@continuum/projections';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { TimedReads, type StatementCounter } from './instruments';

export interface Timed {
  readonly name: string;
  /** Events that passed the projection's filter. */
  readonly events: number;
  readonly seconds: number;
}

export interface RebuildFigures extends Timed {
  /** Time this rebuild spent waiting on `readAll`, the rest is applying and committing. */
  readonly readSeconds: number;
  /** SQL statements the projection sent, checkpoints and transaction control not counted. */
  readonly statements: number;
}

export interface PhaseResult<T extends Timed> {
  readonly projections: readonly T[];
  /** From the first start to the last finish. */
  readonly wallSeconds: number;
}

/** Reads the whole feed in pages through one projection's filter: the floor any rebuild of it pays. */
export async function readFeed(store: EventStore, projection: Projection, pageSize: number): Promise<Timed> {
  const started = performance.now();
  let from: GlobalPosition | undefined;
  let page: FeedPage;
  let events = 0;
  do {
    page = await store.readAll({ from, maxCount: pageSize, filter: projection.filter });
    events += page.events.length;
    from = page.checkpoint ?? from;
  } while (!page.isEnd);
  return { name: projection.name, events, seconds: (performance.now() - started) / 1000 };
}

export async function readFeeds(
  store: EventStore,
  projections: readonly Projection[],
  pageSize: number,
): Promise<PhaseResult<Timed>> {
  const started = performance.now();
  const results = await Promise.all(projections.map((p) => readFeed(store, p, pageSize)));
  return { projections: results, wallSeconds: (performance.now() - started) / 1000 };
}

async function rebuildOne(
  store: EventStore,
  dataSource: DataSource,
  projectionStore: ProjectionStore,
  counter: StatementCounter,
  projection: Projection,
): Promise<RebuildFigures> {
  const reads = new TimedReads(store);
  counter.take(projection.name);
  const started = performance.now();
  const result = await new ProjectionRebuilder(reads, dataSource, projectionStore).rebuild(projection);
  return {
    name: projection.name,
    events: result.eventsApplied,
    seconds: (performance.now() - started) / 1000,
    readSeconds: reads.readSeconds,
    statements: counter.take(projection.name),
  };
}

/** Every projection rebuilt at once, as a worker starting on an empty database would catch up. */
export async function rebuildTogether(
  store: EventStore,
  dataSource: DataSource,
  projectionStore: ProjectionStore,
  counter: StatementCounter,
  projections: readonly Projection[],
): Promise<PhaseResult<RebuildFigures>> {
  const started = performance.now();
  const results = await Promise.all(
    projections.map((p) => rebuildOne(store, dataSource, projectionStore, counter, p)),
  );
  return { projections: results, wallSeconds: (performance.now() - started) / 1000 };
}

/** One projection at a time, as an operator runs `npm run projections -- rebuild <name>`. */
export async function rebuildEach(
  store: EventStore,
  dataSource: DataSource,
  projectionStore: ProjectionStore,
  counter: StatementCounter,
  projections: readonly Projection[],
): Promise<PhaseResult<RebuildFigures>> {
  const started = performance.now();
  const results: RebuildFigures[] = [];
  for (const projection of projections)
    results.push(await rebuildOne(store, dataSource, projectionStore, counter, projection));
  return { projections: results, wallSeconds: (performance.now() - started) / 1000 };
}
