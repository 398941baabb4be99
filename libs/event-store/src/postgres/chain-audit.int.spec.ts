import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { newEvent, uniqueCategory } from '../contract/fixtures';
import { PostgresChainAudit, sealUnsealedStreams, type SqlQuery } from './chain-audit';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;
let audit: PostgresChainAudit;
let sqlQuery: SqlQuery;

beforeAll(async () => {
  database = await createTestDatabase('chain_audit');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined); // an idle connection closed by the server is replaced, not thrown
  const query: SqlQuery = async <Row>(sql: string, parameters: readonly unknown[]) =>
    (await pool.query(sql, [...parameters])).rows as Row[];
  sqlQuery = query;
  audit = new PostgresChainAudit(query, 3); // tiny pages: every page boundary is crossed
});

afterAll(async () => {
  await pool.end();
  await store.close();
  await database.drop();
});

async function streamOf(events: number): Promise<string> {
  const stream = `${uniqueCategory()}-1`;
  await store.append(stream, [newEvent('Opened', { n: 0 })], 'no_stream');
  for (let n = 1; n < events; n += 1) await store.append(stream, [newEvent('Moved', { n })], 'any');
  return stream;
}

// Behind the application's back: plain SQL, as someone with database access would do it.
const tamper = (sql: string, parameters: unknown[]) => pool.query(sql, parameters);

describe('Detecting tampering with the PostgreSQL event store', () => {
  it('finds nothing wrong in streams written only through the store', async () => {
    const stream = await streamOf(7);
    await expect(audit.verifyStream(stream)).resolves.toMatchObject({
      eventsChecked: 7,
      firstBreak: undefined,
    });
  });

  it('detects an event whose data was edited, at that revision', async () => {
    const stream = await streamOf(5);
    await tamper(
      `UPDATE event_store.events SET data = '{"n": 99}' WHERE stream_name = $1 AND stream_revision = 3`,
      [stream],
    );
    const result = await audit.verifyStream(stream);
    expect(result.firstBreak).toMatchObject({ stream, reason: 'altered', revision: 3 });
  });

  it('detects an edit even when the tamperer recomputes that row hash without the rest of the chain', async () => {
    const stream = await streamOf(4);
    await tamper(
      `UPDATE event_store.events SET metadata = '{"actor":"mallory"}', hash = repeat('a', 64)
       WHERE stream_name = $1 AND stream_revision = 1`,
      [stream],
    );
    expect((await audit.verifyStream(stream)).firstBreak).toMatchObject({ reason: 'altered', revision: 1 });
  });

  it('detects a deleted event in the middle of a stream', async () => {
    const stream = await streamOf(5);
    await tamper('DELETE FROM event_store.events WHERE stream_name = $1 AND stream_revision = 2', [stream]);
    expect((await audit.verifyStream(stream)).firstBreak).toMatchObject({ reason: 'gap', revision: 3 });
  });

  it('detects a deleted last event against the stream head', async () => {
    const stream = await streamOf(5);
    await tamper('DELETE FROM event_store.events WHERE stream_name = $1 AND stream_revision = 4', [stream]);
    expect((await audit.verifyStream(stream)).firstBreak).toMatchObject({ reason: 'truncated', revision: 4 });
  });

  it('detects a deleted last event even when the head revision is wound back too', async () => {
    const stream = await streamOf(5);
    await tamper('DELETE FROM event_store.events WHERE stream_name = $1 AND stream_revision = 4', [stream]);
    await tamper('UPDATE event_store.streams SET revision = 3 WHERE stream_name = $1', [stream]);
    expect((await audit.verifyStream(stream)).firstBreak).toMatchObject({ reason: 'truncated', revision: 3 });
  });

  it('verifies every stream in one pass and reports the first broken link of each', async () => {
    const intact = await streamOf(4);
    const edited = await streamOf(4);
    const emptied = await streamOf(2);
    await tamper(
      `UPDATE event_store.events SET event_type = 'Forged' WHERE stream_name = $1 AND stream_revision = 0`,
      [edited],
    );
    await tamper('DELETE FROM event_store.events WHERE stream_name = $1', [emptied]);
    const progress: number[] = [];
    const result = await audit.verifyAll((p) => progress.push(p.eventsChecked));
    const breaks = new Map(result.breaks.map((b) => [b.stream, b]));
    expect(breaks.get(intact)).toBeUndefined();
    expect(breaks.get(edited)).toMatchObject({ reason: 'altered', revision: 0 });
    expect(breaks.get(emptied)).toMatchObject({ reason: 'truncated', revision: 1 });
    expect(result.streamsChecked).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeGreaterThan(1);
  });
});

describe('Upgrading a store written before the hash chain', () => {
  it('re-runs the hash-chain migration harmlessly, then seals the old events so the chain holds again', async () => {
    const stream = await streamOf(3);
    // As before the upgrade: no hash anywhere, and the migration not yet recorded as applied.
    await tamper('UPDATE event_store.events SET hash = NULL WHERE stream_name = $1', [stream]);
    await tamper('UPDATE event_store.streams SET last_append_hashes = NULL WHERE stream_name = $1', [stream]);
    await tamper('DELETE FROM event_store.schema_migrations WHERE version = 2', []);
    const upgraded = await PostgresEventStore.connect({ connectionString: database.url });
    try {
      expect((await audit.verifyStream(stream)).firstBreak).toMatchObject({
        reason: 'unsealed',
        revision: 0,
      });
      await upgraded.append(stream, [newEvent('AfterUpgrade')], 'any');
      const result = await sealUnsealedStreams(sqlQuery);
      expect(result.streamsSealed).toBeGreaterThanOrEqual(1);
      await expect(audit.verifyStream(stream)).resolves.toMatchObject({
        eventsChecked: 4,
        firstBreak: undefined,
      });
      await upgraded.append(stream, [newEvent('AfterSealing')], 'any');
      await expect(audit.verifyStream(stream)).resolves.toMatchObject({
        eventsChecked: 5,
        firstBreak: undefined,
      });
    } finally {
      await upgraded.close();
    }
  });
});
