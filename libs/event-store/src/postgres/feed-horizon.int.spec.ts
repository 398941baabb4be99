import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { collect, newEvent, uniqueCategory, untilFeedReaches, waitFor } from '../contract/fixtures';
import { otherDatabaseXidsSql } from './feed-statement';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
let otherDatabase: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  [database, otherDatabase] = await Promise.all([
    createTestDatabase('event_store_horizon'),
    createTestDatabase('event_store_horizon_other'),
  ]);
  store = await PostgresEventStore.connect({ connectionString: database.url });
  for (const url of [database.url, otherDatabase.url]) await query(url, 'CREATE TABLE held (note text)');
});

afterAll(async () => {
  await store.close();
  await Promise.all([database.drop(), otherDatabase.drop()]);
});

async function query(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Opens a transaction that owns an xid (it wrote a row) and leaves it running; returns its xid. */
async function holdWritingTransaction(client: Client): Promise<bigint> {
  await client.query('BEGIN');
  await client.query(`INSERT INTO held VALUES ('still running')`);
  const result = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
  return BigInt(result.rows[0]!.xid);
}

describe('PostgreSQL feed horizon', () => {
  it('is not held back by an open writing transaction in another database', async () => {
    const category = uniqueCategory();
    const start = await store.headPosition();
    const { events, subscription } = collect(store, { from: start, categories: [category] });
    const elsewhere = new Client({ connectionString: otherDatabase.url });
    await elsewhere.connect();
    try {
      const heldXid = await holdWritingTransaction(elsewhere);
      const appended = await store.append(`${category}-1`, [newEvent('Appended')], 'no_stream');
      // Under the old cluster-wide xmin horizon this append would stay invisible while `elsewhere` runs.
      expect(appended.position.commit > heldXid << 20n).toBe(true);

      await untilFeedReaches(store, appended.position);
      const page = await store.readAll({ from: start, filter: { streamCategories: [category] } });
      expect(page.events.map((e) => e.type)).toEqual(['Appended']);
      await waitFor('the live event', () => (events.length === 1 ? true : undefined));
      expect(events[0]!.id).toEqual(page.events[0]!.id);
    } finally {
      await subscription.stop();
      await elsewhere.end();
    }
  });

  it('is still held back by an open writing transaction in its own database', async () => {
    const category = uniqueCategory();
    const start = await store.headPosition();
    const { events, subscription } = collect(store, { from: start, categories: [category] });
    const sameDatabase = new Client({ connectionString: database.url });
    await sameDatabase.connect();
    try {
      const heldXid = await holdWritingTransaction(sameDatabase);
      const appended = await store.append(`${category}-1`, [newEvent('Waiting')], 'no_stream');
      store.signal.bump();

      const page = await store.readAll({ from: start, filter: { streamCategories: [category] } });
      expect(page.events).toEqual([]);
      expect(page.checkpoint === undefined || page.checkpoint.commit < heldXid << 20n).toBe(true);
      const head = await store.headPosition();
      expect(head === undefined || head.commit < heldXid << 20n).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200)); // several blocked-retry cycles of the subscriber
      expect(events).toEqual([]);

      await sameDatabase.query('COMMIT');
      await untilFeedReaches(store, appended.position);
      await waitFor('the released event', () => (events.length === 1 ? true : undefined));
      expect(events.map((e) => e.type)).toEqual(['Waiting']);
    } finally {
      await subscription.stop();
      await sameDatabase.end();
    }
  });

  it('identifies other databases’ transactions for a role without pg_read_all_stats', async () => {
    const role = `t_horizon_reader_${randomBytes(4).toString('hex')}`;
    await query(database.url, `CREATE ROLE ${role} LOGIN`);
    const elsewhere = new Client({ connectionString: otherDatabase.url });
    const reader = new Client({ connectionString: withUser(database.url, role) });
    await Promise.all([elsewhere.connect(), reader.connect()]);
    try {
      const heldXid = await holdWritingTransaction(elsewhere);
      const privileged = await reader.query<{ member: boolean }>(
        `SELECT pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS member`,
      );
      expect(privileged.rows[0]!.member).toBe(false);

      // Deterministic: `elsewhere` holds its xid for the whole check, so the reader must name it.
      const identified = await reader.query<{ xid: string }>(
        `SELECT x::text AS xid FROM (${otherDatabaseXidsSql}) AS o(x)`,
      );
      expect(identified.rows.map((row) => BigInt(row.xid))).toContain(heldXid & 0xffffffffn);
    } finally {
      await Promise.all([elsewhere.end(), reader.end()]);
      await query(database.url, `DROP ROLE ${role}`);
    }
  });
});

function withUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  return parsed.toString();
}
