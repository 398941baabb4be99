import {
  comparePositions,
  isAfter,
  PostgresEventStore,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '@continuum/event-store';
import { scopeOf } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ContinuumHistory } from '../../../test/bench/projections/history';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { AUDIT_PARTNER_INDEX_TABLE, auditPartnerIndexProjection } from './partner-index.projection';

let database: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('audit_index_batch');
  store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 4 });
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 4 }).initialize();
});

afterAll(async () => {
  await dataSource.destroy();
  await store.close();
  await database.drop();
});

const newEvent = (type: string, data: object, metadata: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});

/** What the generated history lacks: merges and their undo, audit-log reads, odd business times, no partner. */
async function appendEdgeCases(): Promise<GlobalPosition> {
  const [survivor, duplicate] = [randomUUID(), randomUUID()];
  const merge = { partnerId: duplicate, survivorId: survivor, externalLinks: [], contacts: [] };
  await store.append(
    `partner-${duplicate}`,
    [
      newEvent('PartnerRegistered', { partnerId: duplicate, name: 'Dup', tier: 'prospect' }),
      newEvent('PartnerMergedInto', { ...merge, mergedBy: 's-1', reason: 'same' }),
      newEvent(
        'PartnerMergeUndone',
        { ...merge, undoneBy: 's-1', reason: 'not the same' },
        { occurredAt: 'soon' },
      ),
      newEvent('PartnerMergedInto', { ...merge, mergedBy: 's-1', reason: 'same after all' }),
    ],
    'any',
  );
  await store.append(
    `auditlog-${survivor}`,
    [newEvent('AuditRecordViewed', { partnerId: survivor, query: 'history' })],
    'any',
  );
  await store.append(`staff-${randomUUID()}`, [newEvent('StaffMemberJoined', { name: 'No partner' })], 'any');
  const last = await store.append(
    `partner-${survivor}`,
    [
      newEvent(
        'TierChanged',
        { partnerId: survivor, from: 'prospect', to: 'engaged' },
        { occurredAt: '2020-02-29T23:59:59.999Z' },
      ),
      newEvent('TierChanged', { partnerId: '', from: 'engaged', to: 'partner' }),
    ],
    'any',
  );
  return last.position;
}

/** The whole feed up to `last`, waiting (bounded) for a transaction elsewhere on the server to let it through. */
async function feedUpTo(last: GlobalPosition): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let checkpoint: GlobalPosition | undefined;
  const deadline = Date.now() + 60_000;
  while (!checkpoint || comparePositions(checkpoint, last) < 0) {
    if (Date.now() > deadline) throw new Error('the feed did not reach the last append within 60 s');
    const page = await store.readAll({ from: checkpoint, maxCount: 1000 });
    events.push(...page.events);
    if (page.checkpoint && isAfter(page.checkpoint, checkpoint)) checkpoint = page.checkpoint;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return events;
}

async function freshIndex(schema: string): Promise<ReturnType<typeof scopeOf>> {
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  const scope = scopeOf(dataSource.manager, schema);
  await auditPartnerIndexProjection.setup(scope);
  return scope;
}

const rowsOf = (schema: string): Promise<{ row: string }[]> =>
  dataSource.query(
    `SELECT to_jsonb(t)::text AS row FROM "${schema}"."${AUDIT_PARTNER_INDEX_TABLE}" t ORDER BY 1`,
  );

describe('The audit partner index, a batch at a time', () => {
  it('builds the same table as event by event, whatever the batch boundaries and redeliveries', async () => {
    const history = new ContinuumHistory({ events: 1500, partners: 20, seed: 77, now: new Date() }).plan();
    for (const append of history.appends) await store.append(append.stream, append.events, 'any');
    const events = await feedUpTo(await appendEdgeCases());

    const oneByOne = await freshIndex('index_one_by_one');
    for (const event of events) await auditPartnerIndexProjection.apply(oneByOne, event);

    const batched = await freshIndex('index_batched');
    const sizes = [1, 2, 37, 500, 1000];
    for (let start = 0, i = 0; start < events.length; i += 1) {
      const batch = events.slice(start, start + sizes[i % sizes.length]!);
      await dataSource.transaction((manager) =>
        auditPartnerIndexProjection.applyBatch!(scopeOf(manager, 'index_batched'), batch),
      );
      // A redelivered batch, overlapping the previous one and doubling an event inside itself.
      if (i % 3 === 0) {
        const again = [...events.slice(Math.max(0, start - 5), start + 3), ...batch.slice(0, 1)];
        await auditPartnerIndexProjection.applyBatch!(batched, again);
      }
      start += batch.length;
    }
    await auditPartnerIndexProjection.applyBatch!(batched, []);

    const [expected, actual] = [await rowsOf('index_one_by_one'), await rowsOf('index_batched')];
    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.some(({ row }) => row.includes('"survivor_id": "'))).toBe(true);
    expect(actual).toEqual(expected);
  });
});
