import { PostgresEventStore, type RecordedEvent } from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { add, BatchWriter } from './batch-writer';
import type { Projection, ProjectionScope } from './projection';
import { ProjectionRunner, type RunnerOptions } from './projection-runner';
import { CheckpointConflictError, ProjectionStore } from './projection-store';

let database: TestDatabase;
let store: PostgresEventStore;
const dataSources: DataSource[] = [];

async function openDataSource(): Promise<DataSource> {
  const dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 5 }).initialize();
  dataSources.push(dataSource);
  return dataSource;
}

/** Counts events per stream: any double-count or loss shows up in the totals. */
function counter(
  name: string,
  category: string,
  options: { poisonType?: () => string | undefined; batched?: boolean } = {},
): Projection {
  const table = {
    name: `${name.replace(/-/g, '_')}_counts`,
    key: ['stream'],
    columns: { stream: 'text', events: 'integer' },
  };
  const applyBatch = async (scope: ProjectionScope, events: readonly RecordedEvent[]): Promise<void> => {
    const writer = new BatchWriter(scope);
    for (const event of events) {
      if (event.type === options.poisonType?.()) throw new Error('unreadable event');
      writer.upsert(table, { stream: event.stream, events: 1 }, { events: add(1) });
    }
    await writer.flush();
  };
  return {
    ...(options.batched && { applyBatch }),
    name,
    filter: { streamCategories: [category] },
    tables: [`${name.replace(/-/g, '_')}_counts`],
    async setup(scope: ProjectionScope) {
      await scope.manager.query(
        `CREATE TABLE IF NOT EXISTS ${scope.table(this.tables[0]!)} (stream text PRIMARY KEY, events integer NOT NULL)`,
      );
    },
    async apply(scope: ProjectionScope, event: RecordedEvent) {
      if (event.type === options.poisonType?.()) throw new Error('unreadable event');
      await scope.manager.query(
        `INSERT INTO ${scope.table(this.tables[0]!)} (stream, events) VALUES ($1, 1)
         ON CONFLICT (stream) DO UPDATE SET events = ${scope.table(this.tables[0]!)}.events + 1`,
        [event.stream],
      );
    },
  };
}

async function appendEvents(streams: readonly string[], perStream: number, type = 'Counted'): Promise<void> {
  for (let i = 0; i < perStream; i += 1) {
    await Promise.all(
      streams.map((stream) => store.append(stream, [{ id: randomUUID(), type, data: { i } }], 'any')),
    );
  }
}

async function counts(dataSource: DataSource, projection: Projection): Promise<Record<string, number>> {
  const rows = await dataSource.query<{ stream: string; events: number }[]>(
    `SELECT stream, events FROM read_models."${projection.tables[0]!}" ORDER BY stream`,
  );
  return Object.fromEntries(rows.map((row) => [row.stream, row.events]));
}

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const fast: RunnerOptions = {
  batchSize: 50,
  lockRetryMs: 50,
  retryBackoffMs: { initial: 20, max: 100 },
  onError: (error) => process.env.DEBUG_PROJECTIONS && console.log(error.message),
};

beforeAll(async () => {
  database = await createTestDatabase('projections');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  await new ProjectionStore(await openDataSource()).migrate();
});

afterAll(async () => {
  await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
  await store.close();
  await database.drop();
});

describe.each([
  ['event by event', false],
  ['with applyBatch', true],
])('Projection runner, %s', (_label, batched) => {
  it('counts every event exactly once when a batch crashes before its commit', async () => {
    const dataSource = await openDataSource();
    const projections = new ProjectionStore(dataSource);
    const category = `crash${randomUUID().slice(0, 8)}`;
    const projection = counter(`crash-${randomUUID().slice(0, 8)}`, category, { batched });
    const streams = [`${category}-a`, `${category}-b`, `${category}-c`];
    await appendEvents(streams, 40);
    let crashes = 0;
    const runner = new ProjectionRunner(projection, store, dataSource, projections, {
      ...fast,
      beforeCommit: (events) => {
        // Crash the second batch, twice, after its events were applied inside the transaction.
        if (
          events.length > 0 &&
          crashes < 2 &&
          events.some((e) => e.stream === streams[1] && e.data !== null)
        ) {
          crashes += 1;
          return Promise.reject(new Error('process crashed mid-batch'));
        }
        return Promise.resolve();
      },
    });
    await projections.activeGeneration(projection);
    runner.start();
    await eventually('all events counted', async () => {
      const totals = await counts(dataSource, projection);
      return streams.every((stream) => totals[stream] === 40);
    });
    await runner.stop();
    expect(crashes).toBe(2);
    const totals = await counts(dataSource, projection);
    expect(streams.map((stream) => totals[stream])).toEqual([40, 40, 40]);
  });

  it('lets only one of two competing runners apply, and the other takes over when it stops', async () => {
    const [first, second] = [await openDataSource(), await openDataSource()];
    const category = `race${randomUUID().slice(0, 8)}`;
    const projection = counter(`race-${randomUUID().slice(0, 8)}`, category, { batched });
    const streams = Array.from({ length: 5 }, (_, i) => `${category}-${i}`);
    const runners = [first, second].map(
      (dataSource) =>
        new ProjectionRunner(projection, store, dataSource, new ProjectionStore(dataSource), fast),
    );
    await new ProjectionStore(first).activeGeneration(projection);
    runners.forEach((runner) => runner.start());
    await appendEvents(streams, 30);
    await eventually(
      'first round counted',
      async () =>
        Object.values(await counts(first, projection)).filter((n) => n === 30).length === streams.length,
    );
    const owner = runners.find((runner) => runner.current.owner);
    const standby = runners.find((runner) => !runner.current.owner);
    expect(owner).toBeDefined();
    expect(standby).toBeDefined();
    await owner!.stop();

    await appendEvents(streams, 20);
    await eventually(
      'standby took over',
      async () =>
        Object.values(await counts(first, projection)).filter((n) => n === 50).length === streams.length,
    );
    expect(standby!.current.owner).toBe(true);
    await standby!.stop();
    expect(Object.values(await counts(first, projection))).toEqual([50, 50, 50, 50, 50]);
  });

  it('stops only the projection that meets a poison event, reports it, and resumes once fixed', async () => {
    const dataSource = await openDataSource();
    const projections = new ProjectionStore(dataSource);
    let poison: string | undefined = 'Poison';
    const category = `poison${randomUUID().slice(0, 8)}`;
    const fragile = counter(`fragile-${randomUUID().slice(0, 8)}`, category, {
      poisonType: () => poison,
      batched,
    });
    const healthy = counter(`healthy-${randomUUID().slice(0, 8)}`, category, { batched });
    const runners = [fragile, healthy].map(
      (p) => new ProjectionRunner(p, store, dataSource, projections, fast),
    );
    await Promise.all([fragile, healthy].map((p) => projections.activeGeneration(p)));
    runners.forEach((runner) => runner.start());

    await appendEvents([`${category}-1`], 3);
    await appendEvents([`${category}-1`], 1, 'Poison');
    await appendEvents([`${category}-1`], 3);

    await eventually(
      'healthy projection went past the poison',
      async () => (await counts(dataSource, healthy))[`${category}-1`] === 7,
    );
    await eventually('fragile projection reported its failure', async () => {
      const status = await projections.status(fragile.name, 1);
      return status?.state === 'failed';
    });
    const failed = await projections.status(fragile.name, 1);
    expect(failed?.error).toContain('unreadable event');
    expect(failed?.failedPosition).toMatch(/^\d+$/);
    expect((await counts(dataSource, fragile))[`${category}-1`]).toBe(3);
    expect(runners[0]!.current.failing).toBe(true);

    poison = undefined; // the fix is deployed
    await eventually(
      'fragile projection resumed',
      async () => (await counts(dataSource, fragile))[`${category}-1`] === 7,
    );
    expect((await projections.status(fragile.name, 1))?.state).toBe('running');
    await Promise.all(runners.map((runner) => runner.stop()));
  });

  it('moves its checkpoint past events outside its filter, without applying them', async () => {
    const dataSource = await openDataSource();
    const projections = new ProjectionStore(dataSource);
    const category = `quiet${randomUUID().slice(0, 8)}`;
    const projection = counter(`quiet-${randomUUID().slice(0, 8)}`, category, { batched });
    const runner = new ProjectionRunner(projection, store, dataSource, projections, {
      ...fast,
      idleCheckpointMs: 30,
    });
    await projections.activeGeneration(projection);
    runner.start();
    await appendEvents([`${category}-1`], 2);
    const { position } = await store.append(
      `other${randomUUID().slice(0, 8)}-1`,
      [{ id: randomUUID(), type: 'Other', data: {} }],
      'any',
    );
    await eventually('checkpoint past the last event', async () => {
      const checkpoint = await projections.activeCheckpoint(projection.name);
      return checkpoint !== undefined && checkpoint.commit >= position.commit;
    });
    await runner.stop();
    expect(await counts(dataSource, projection)).toEqual({ [`${category}-1`]: 2 });
  });

  it('refuses to move a checkpoint that someone else moved', async () => {
    const dataSource = await openDataSource();
    const projections = new ProjectionStore(dataSource);
    const projection = counter(`cas-${randomUUID().slice(0, 8)}`, 'cas');
    await projections.activeGeneration(projection);
    const next = { commit: 10n, prepare: 10n };
    await dataSource.transaction((manager) =>
      projections.advance(manager, projection.name, 1, undefined, next),
    );
    await expect(
      dataSource.transaction((manager) => projections.advance(manager, projection.name, 1, undefined, next)),
    ).rejects.toBeInstanceOf(CheckpointConflictError);
  });

  it('commits a batch without waiting for the WAL flush only when asked to', async () => {
    const dataSource = await openDataSource();
    const projections = new ProjectionStore(dataSource);
    const projection = counter(`async-${randomUUID().slice(0, 8)}`, 'async');
    await projections.activeGeneration(projection);
    const settingAfter = (previous: bigint | undefined, next: bigint, asyncCommit: boolean) =>
      dataSource.transaction(async (manager) => {
        await projections.advance(
          manager,
          projection.name,
          1,
          previous === undefined ? undefined : { commit: previous, prepare: previous },
          { commit: next, prepare: next },
          asyncCommit,
        );
        const [row] = await manager.query<{ setting: string }[]>(
          "SELECT current_setting('synchronous_commit') AS setting",
        );
        return row?.setting;
      });
    expect(await settingAfter(undefined, 10n, false)).toBe('on');
    expect(await settingAfter(10n, 20n, true)).toBe('off');
    expect(await settingAfter(20n, 30n, false)).toBe('on'); // local to the transaction that set it
  });
});
