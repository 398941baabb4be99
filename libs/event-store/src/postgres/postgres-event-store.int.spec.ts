import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { collect, newEvent, uniqueCategory, untilFeedReaches, waitFor } from '../contract/fixtures';
import { contentDigest, verifyStreamChain } from '../integrity';
import { comparePositions } from '../position';
import { appendStatement } from './append-statement';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('event_store');
  store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 20 });
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describeEventStoreContract('PostgreSQL', { store: () => store });

/** Runs the adapter's own append statement inside a transaction the test controls. */
async function appendInOpenTransaction(client: Client, stream: string, type: string): Promise<string> {
  const { sql } = appendStatement('any', 1);
  await client.query('BEGIN');
  const event = newEvent(type);
  const result = await client.query<{ position: string }>(sql, [
    stream,
    1,
    stream.split('-')[0],
    [event.id],
    [event.type],
    [JSON.stringify(event.data)],
    [JSON.stringify(event.metadata)],
    [contentDigest({ ...event, stream })],
  ]);
  return result.rows[0]!.position;
}

describe('PostgreSQL feed ordering', () => {
  it('never moves past a transaction that is still in flight, even when a later one commits first', async () => {
    const start = await store.headPosition();
    const category = uniqueCategory();
    const { events, batches, subscription } = collect(store, { from: start, categories: [category] });
    const earlier = new Client({ connectionString: database.url });
    const later = new Client({ connectionString: database.url });
    await Promise.all([earlier.connect(), later.connect()]);
    try {
      const earlierPosition = BigInt(await appendInOpenTransaction(earlier, `${category}-a`, 'Earlier'));
      const laterPosition = BigInt(await appendInOpenTransaction(later, `${category}-b`, 'Later'));
      expect(laterPosition > earlierPosition).toBe(true);
      await later.query('COMMIT');
      store.signal.bump();

      // The committed later event is visible in the table but must not be delivered yet.
      const page = await store.readAll({ from: start, filter: { streamCategories: [category] } });
      expect(page.events).toEqual([]);
      expect(page.checkpoint!.commit < earlierPosition).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200)); // several blocked-retry cycles of the subscriber
      expect(events).toEqual([]);

      const batchesWhileInFlight = batches.length;
      await earlier.query('COMMIT');
      await waitFor('both events', () => (events.length === 2 ? true : undefined));
      expect(events.map((e) => e.type)).toEqual(['Earlier', 'Later']);
      const checkpointsWhileInFlight = batches.slice(0, batchesWhileInFlight).map((b) => b.checkpoint.commit);
      expect(checkpointsWhileInFlight.every((checkpoint) => checkpoint < earlierPosition)).toBe(true);
    } finally {
      await subscription.stop();
      await Promise.all([earlier.end(), later.end()]);
    }
  });

  it('delivers the later event once a stalled earlier transaction rolls back', async () => {
    const start = await store.headPosition();
    const category = uniqueCategory();
    const { events, subscription } = collect(store, { from: start, categories: [category] });
    const stalled = new Client({ connectionString: database.url });
    await stalled.connect();
    try {
      await appendInOpenTransaction(stalled, `${category}-a`, 'RolledBack');
      await store.append(`${category}-b`, [newEvent('Committed')], 'no_stream');
      await stalled.query('ROLLBACK');
      await waitFor('the committed event', () => (events.length === 1 ? true : undefined));
      expect(events.map((e) => e.type)).toEqual(['Committed']);
    } finally {
      await subscription.stop();
      await stalled.end();
    }
  });

  it('wakes a subscriber in another process through LISTEN/NOTIFY, not by polling', async () => {
    const listeningStore = await PostgresEventStore.connect({
      connectionString: database.url,
      wakeTimings: { idleRecheckMs: 600_000 },
    });
    const category = uniqueCategory();
    try {
      const start = await listeningStore.headPosition();
      const { events, subscription } = collect(listeningStore, { from: start, categories: [category] });
      await waitFor('listener connected', () => (listeningStore.signal.current > 0 ? true : undefined));
      await store.append(`${category}-1`, [newEvent('FromElsewhere')], 'no_stream');
      await waitFor('notified event', () => (events.length === 1 ? true : undefined));
      await subscription.stop();
    } finally {
      await listeningStore.close();
    }
  });

  it("hears other stores' appends, and its own only once (not again through its own notification)", async () => {
    const wakeTimings = { idleRecheckMs: 600_000 };
    const [listening, other] = await Promise.all([
      PostgresEventStore.connect({ connectionString: database.url, wakeTimings }),
      PostgresEventStore.connect({ connectionString: database.url, wakeTimings }),
    ]);
    const category = uniqueCategory();
    try {
      const { subscription } = collect(listening, {
        from: await listening.headPosition(),
        categories: [category],
      });
      await waitFor('listener connected', () => (listening.signal.current > 0 ? true : undefined));
      const before = listening.signal.current;
      await listening.append(`${category}-own`, [newEvent('Own')], 'no_stream');
      expect(listening.signal.current).toBe(before + 1);
      await new Promise((resolve) => setTimeout(resolve, 300)); // its own NOTIFY is out and delivered by now
      await other.append(`${category}-other`, [newEvent('FromElsewhere')], 'no_stream');
      await waitFor('notified by the other store', () =>
        listening.signal.current >= before + 2 ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(listening.signal.current).toBe(before + 2);
      await subscription.stop();
    } finally {
      await Promise.all([listening.close(), other.close()]);
    }
  });

  it('lets several processes run the migrations at once', async () => {
    const other = await createTestDatabase('event_store_migrations');
    try {
      const stores = await Promise.all(
        Array.from({ length: 3 }, () => PostgresEventStore.connect({ connectionString: other.url })),
      );
      const result = await stores[0]!.append(`c-${randomUUID()}`, [newEvent('A')], 'no_stream');
      expect(comparePositions(result.position, result.position)).toBe(0);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await other.drop();
    }
  });
});

describe('PostgreSQL hash chain', () => {
  it('stores a chained hash with every event and surfaces it on stream and feed reads', async () => {
    const stream = `${uniqueCategory()}-1`;
    await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    await store.append(stream, [newEvent('C')], 'any');
    await store.append(stream, [newEvent('D')], 'stream_exists');
    const last = await store.append(stream, [newEvent('E'), newEvent('F')], 5 - 2);
    await untilFeedReaches(store, last.position);
    const events = await store.readStream(stream);
    expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true);
    expect(verifyStreamChain(stream, events)).toBeUndefined();
    const feed = await store.readAll({ filter: { streamCategories: [stream.split('-')[0]!] } });
    expect(feed.events.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
  });

  it('keeps the chain linear when appenders race on one stream', async () => {
    const stream = `${uniqueCategory()}-1`;
    await store.append(stream, [newEvent('Opened')], 'no_stream');
    const exact = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append(stream, [newEvent(`Exact${i}`)], 0)),
    );
    expect(exact.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const any = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        store.append(stream, [newEvent(`Any${i}`), newEvent(`Tail${i}`)], 'any'),
      ),
    );
    expect(any.every((r) => r.status === 'fulfilled')).toBe(true);
    const events = await store.readStream(stream);
    expect(events).toHaveLength(1 + 1 + 24);
    expect(verifyStreamChain(stream, events)).toBeUndefined();
  });
});
