import {
  comparePositions,
  PostgresEventStore,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '@continuum/event-store';
import { auditPartnerIndexProjection } from '@continuum/audit';
import { partner360Projection, partnerTimelineProjection, type PartnerEvent } from '@continuum/partners';
import { portfolioProjection } from '@continuum/portfolio';
import {
  generationSchema,
  ProjectionHost,
  ProjectionRebuilder,
  type Projection,
} from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ContinuumHistory } from '../../../../test/bench/projections/history';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { staffDirectoryProjection } from '@continuum/staff';
import { taskInboxProjection } from '@continuum/tasks';

/** The read models with a batch path. */
const allProjections: readonly Projection[] = [
  staffDirectoryProjection,
  partner360Projection,
  partnerTimelineProjection,
  taskInboxProjection,
  portfolioProjection,
  auditPartnerIndexProjection,
];

let database: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('batch_apply');
  store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 4 });
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 4 }).initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await store.close();
  await database.drop();
});

const at = (day: number): string => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();

/** What the generated history lacks: renames, links, merges and their undo, redelivered inserts; all in a row. */
function partnerEdgeCases(): { stream: string; event: PartnerEvent; occurredAt: string }[] {
  const [survivor, duplicate] = [randomUUID(), randomUUID()];
  const links = [
    { system: 'advancement', externalId: 'ORG-1' },
    { system: 'careers', externalId: 'C-9' },
  ];
  const on = (partnerId: string) => `partner-${partnerId}`;
  const interaction = {
    type: 'InteractionLogged',
    data: {
      partnerId: survivor,
      interactionId: randomUUID(),
      kind: 'call',
      occurredAt: at(5),
      summary: 'Call',
      staffIds: [],
      contactIds: [],
    },
  } as const;
  const events: [string, PartnerEvent][] = [
    [
      on(survivor),
      {
        type: 'PartnerRegistered',
        data: {
          partnerId: survivor,
          name: 'Ærø Robotics',
          webDomain: 'aero.example',
          tier: 'prospect',
          registeredVia: 'staff',
        },
      },
    ],
    [
      on(duplicate),
      {
        type: 'PartnerRegistered',
        data: { partnerId: duplicate, name: 'Aero Robotic', tier: 'engaged', registeredVia: 'campus-system' },
      },
    ],
    [
      on(survivor),
      {
        type: 'PartnerRenamed',
        data: { partnerId: survivor, name: 'Aero Robotics', previousName: 'Ærø Robotics' },
      },
    ],
    [
      on(survivor),
      { type: 'TierChanged', data: { partnerId: survivor, from: 'prospect', to: 'engaged', reason: 'r' } },
    ],
    [on(survivor), { type: 'ExternalRecordLinked', data: { partnerId: survivor, ...links[0]! } }],
    [on(survivor), { type: 'ExternalRecordUnlinked', data: { partnerId: survivor, ...links[0]! } }],
    [on(survivor), { type: 'ExternalRecordLinked', data: { partnerId: survivor, ...links[0]! } }],
    [on(duplicate), { type: 'ExternalRecordLinked', data: { partnerId: duplicate, ...links[1]! } }],
    [on(survivor), { type: 'RelationshipOwnerAssigned', data: { partnerId: survivor, staffId: 's-1' } }],
    [
      on(survivor),
      { type: 'TierChanged', data: { partnerId: survivor, from: 'engaged', to: 'strategic', reason: 'r' } },
    ],
    [on(survivor), interaction],
    [on(survivor), interaction],
    [
      on(duplicate),
      {
        type: 'PartnerMergedInto',
        data: {
          partnerId: duplicate,
          survivorId: survivor,
          externalLinks: [links[1]!],
          contacts: [],
          mergedBy: 's-1',
          reason: 'same company',
        },
      },
    ],
    [
      on(survivor),
      {
        type: 'DuplicateAbsorbed',
        data: {
          partnerId: survivor,
          duplicateId: duplicate,
          externalLinks: [links[1]!],
          contacts: [],
          tightenedPermissions: [],
        },
      },
    ],
    [
      on(duplicate),
      { type: 'TierChanged', data: { partnerId: duplicate, from: 'engaged', to: 'partner', reason: 'r' } },
    ],
    [
      on(duplicate),
      {
        type: 'PartnerMergeUndone',
        data: {
          partnerId: duplicate,
          survivorId: survivor,
          externalLinks: [links[1]!],
          contacts: [],
          undoneBy: 's-1',
          reason: 'not the same',
        },
      },
    ],
    [
      on(survivor),
      {
        type: 'DuplicateReleased',
        data: { partnerId: survivor, duplicateId: duplicate, externalLinks: [links[1]!], contacts: [] },
      },
    ],
    [on(survivor), { type: 'ExecutiveSponsorAssigned', data: { partnerId: survivor, staffId: 's-2' } }],
  ];
  return events.map(([stream, event], i) => ({ stream, event, occurredAt: at(i) }));
}

/** Appends in order; the position of the last event. */
async function appendAll(
  appends: readonly { stream: string; events: readonly NewEvent[] }[],
): Promise<GlobalPosition | undefined> {
  let last: GlobalPosition | undefined;
  for (const append of appends) last = (await store.append(append.stream, append.events, 'any')).position;
  return last;
}

/** Every row of every table of one generation, as sorted JSON text: equal read models compare equal. */
async function contents(projection: Projection, generation: number): Promise<Record<string, string[]>> {
  const schema = generationSchema(projection.name, generation);
  const tables: Record<string, string[]> = {};
  for (const table of projection.tables) {
    const rows = await dataSource.query<{ row: string }[]>(
      `SELECT to_jsonb(t)::text AS row FROM "${schema}"."${table}" t ORDER BY 1`,
    );
    tables[table] = rows.map((r) => r.row);
  }
  return tables;
}

async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const eventByEvent = (projection: Projection): Projection => ({
  name: projection.name,
  tables: projection.tables,
  filter: projection.filter,
  setup: (scope) => projection.setup(scope),
  apply: (scope, event) => projection.apply(scope, event),
});

/** A batching projection, noting events applied one by one: its batch path must never fall back to them. */
function batchOnly(projection: Projection, fallbacks: string[]): Projection {
  return {
    ...eventByEvent(projection),
    apply: (scope, event) => {
      fallbacks.push(`${projection.name}: ${event.type}`);
      return projection.apply(scope, event);
    },
    applyBatch: (scope, events) => projection.applyBatch!(scope, events),
  };
}

describe('Batch apply of every read model', () => {
  it('builds the same read models live (with crashed batches), rebuilt in batches and event by event', async () => {
    const history = new ContinuumHistory({ events: 2500, partners: 40, seed: 4242, now: new Date() }).plan();
    const half = Math.floor(history.appends.length / 2);
    await appendAll(history.appends.slice(0, half));

    // Live, in small batches; every 4th batch with events crashes once, after its writes, before its commit.
    let batches = 0;
    const crashed = new Set<string>();
    const fallbacks: string[] = [];
    const batchedProjections = allProjections.map((p) => batchOnly(p, fallbacks));
    const host = new ProjectionHost(batchedProjections, store, dataSource, {
      batchSize: 37,
      lockRetryMs: 50,
      retryBackoffMs: { initial: 10, max: 50 },
      idleCheckpointMs: 20,
      beforeCommit: (events: readonly RecordedEvent[]) => {
        if (events.length === 0) return Promise.resolve();
        batches += 1;
        const key = events.map((e) => e.id).join();
        if (batches % 4 !== 0 || crashed.has(key)) return Promise.resolve();
        crashed.add(key);
        return Promise.reject(new Error('crashed mid-batch'));
      },
    });
    await host.start();
    await appendAll(history.appends.slice(half));
    const last = await appendAll(
      partnerEdgeCases().map(({ stream, event, occurredAt }) => ({
        stream,
        events: [{ id: randomUUID(), type: event.type, data: event.data, metadata: { occurredAt } }],
      })),
    );
    // The feed's head may trail behind a transaction elsewhere on the server: wait for our own last event.
    await eventually('every projection applied the last event', async () => {
      const checkpoints = await Promise.all(allProjections.map((p) => host.store.activeCheckpoint(p.name)));
      return checkpoints.every(
        (c) => c !== undefined && last !== undefined && comparePositions(c, last) >= 0,
      );
    });
    await host.stop();
    expect(crashed.size).toBeGreaterThanOrEqual(allProjections.length);

    const rebuilder = new ProjectionRebuilder(store, dataSource, host.store);
    for (const projection of allProjections) {
      const live = await contents(projection, 1);
      await rebuilder.rebuild(batchOnly(projection, fallbacks), { keepPrevious: true, batchSize: 1000 });
      await rebuilder.rebuild(eventByEvent(projection), { keepPrevious: true, batchSize: 1000 });
      const [batched, oneByOne] = [await contents(projection, 2), await contents(projection, 3)];
      expect(Object.values(oneByOne).flat().length).toBeGreaterThan(0);
      expect(batched).toEqual(oneByOne);
      expect(live).toEqual(oneByOne);
    }
    expect(fallbacks).toEqual([]);
  });
});
