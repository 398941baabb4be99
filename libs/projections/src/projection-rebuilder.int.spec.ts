import { PostgresEventStore, type RecordedEvent } from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { generationSchema, type Projection, type ProjectionScope } from './projection';
import { ProjectionRebuilder, type RebuildProgress } from './projection-rebuilder';
import { ProjectionRunner } from './projection-runner';
import { ProjectionStore } from './projection-store';

let database: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;

/** Sums amounts per stream and remembers the last event type: order and completeness both show. */
function ledger(name: string, category: string): Projection {
  const table = 'ledger';
  return {
    name,
    tables: [table],
    filter: { streamCategories: [category] },
    async setup(scope: ProjectionScope) {
      await scope.manager.query(
        `CREATE TABLE IF NOT EXISTS ${scope.table(table)} (stream text PRIMARY KEY, total numeric NOT NULL, last text NOT NULL)`,
      );
    },
    async apply(scope: ProjectionScope, event: RecordedEvent) {
      await scope.manager.query(
        `INSERT INTO ${scope.table(table)} (stream, total, last) VALUES ($1, $2, $3)
         ON CONFLICT (stream) DO UPDATE SET total = ${scope.table(table)}.total + $2, last = $3`,
        [event.stream, (event.data as { amount: string }).amount, event.type],
      );
    },
  };
}

const rows = (schemaOrView: string) =>
  dataSource.query<{ stream: string; total: string; last: string }[]>(
    `SELECT stream, total::text, last FROM ${schemaOrView}.ledger ORDER BY stream`,
  );

async function appendMany(category: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await store.append(
      `${category}-${i % 7}`,
      [{ id: randomUUID(), type: i % 2 ? 'Debited' : 'Credited', data: { amount: `${i}.25` } }],
      'any',
    );
  }
}

async function eventually(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  database = await createTestDatabase('rebuild');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 6 }).initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await store.close();
  await database.drop();
});

describe('Projection rebuild', () => {
  it('builds a new generation equal to the live one, switches readers over, and the live runner follows it', async () => {
    const category = `rb${randomUUID().slice(0, 8)}`;
    const projection = ledger(`ledger-${category}`, category);
    const projections = new ProjectionStore(dataSource);
    await projections.migrate();
    await projections.activeGeneration(projection);
    const runner = new ProjectionRunner(projection, store, dataSource, projections, {
      lockRetryMs: 50,
      retryBackoffMs: { initial: 20, max: 100 },
    });
    runner.start();
    await appendMany(category, 120);
    const liveSchema = generationSchema(projection.name, 1);
    await eventually(
      'live caught up',
      async () =>
        (await rows(liveSchema)).length === 7 &&
        runner.current.checkpoint !== undefined &&
        (await store.readAll({ from: runner.current.checkpoint, filter: projection.filter })).events
          .length === 0,
    );

    const progress: RebuildProgress[] = [];
    const rebuilder = new ProjectionRebuilder(store, dataSource, projections);
    const result = await rebuilder.rebuild(projection, {
      batchSize: 25,
      keepPrevious: true,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ generation: 2, previousGeneration: 1, eventsApplied: 120 });
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(await rows(generationSchema(projection.name, 2))).toEqual(await rows(liveSchema));
    expect(await rows('read_models')).toEqual(await rows(liveSchema));

    await appendMany(category, 10);
    await eventually('live runner moved to generation 2', () =>
      Promise.resolve(runner.current.generation === 2),
    );
    const sumOf = (rowsOf: { total: string }[]): number =>
      rowsOf.reduce((sum, row) => sum + Number(row.total), 0);
    const firstRound = 120 * 0.25 + (119 * 120) / 2;
    const secondRound = 10 * 0.25 + (9 * 10) / 2;
    await eventually(
      'new events in generation 2',
      async () => sumOf(await rows('read_models')) === firstRound + secondRound,
    );
    expect((await rows(liveSchema)).reduce((sum, row) => sum + Number(row.total), 0)).toBe(
      120 * 0.25 + (119 * 120) / 2,
    );
    await runner.stop();
    await projections.dropGeneration(projection.name, 1);
    expect((await projections.allStatuses()).filter((s) => s.projection === projection.name)).toEqual([
      expect.objectContaining({ generation: 2, active: true, state: 'running' }),
    ]);
  });
});
