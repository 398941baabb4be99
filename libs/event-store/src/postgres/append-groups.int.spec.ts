import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { newEvent, uniqueCategory } from '../contract/fixtures';
import { EventIdReusedError, WrongExpectedRevisionError } from '../errors';
import { verifyStreamChain } from '../integrity';
import type { AppendResult, NewEvent } from '../port';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
let grouped: PostgresEventStore;
let oneByOne: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('append_groups');
  grouped = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 20 });
  oneByOne = await PostgresEventStore.connect({ connectionString: database.url, appendGroups: false });
});

afterAll(async () => {
  await Promise.all([grouped.close(), oneByOne.close()]);
  await database.drop();
});

describeEventStoreContract('PostgreSQL, each append on its own statement', { store: () => oneByOne });

/** The transaction an append committed in: the high bits of its position. */
const transactionOf = (result: AppendResult): bigint => result.position.commit >> 20n;

/** Two appends go out alone while the rest wait, so a burst of more than two makes at least one group. */
const burst = <T>(count: number, append: (index: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> =>
  Promise.allSettled(Array.from({ length: count }, (_, index) => append(index)));

const fulfilled = <T>(results: PromiseSettledResult<T>[]): T[] =>
  results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));

const reasonOf = (result: PromiseSettledResult<unknown> | undefined): unknown =>
  result?.status === 'rejected' ? result.reason : undefined;

describe('PostgreSQL grouped appends', () => {
  it('writes a burst of appends to many streams in shared transactions, each with its own revisions and chain', async () => {
    const category = uniqueCategory();
    const existing = Array.from({ length: 10 }, (_, i) => `${category}-old${i}`);
    for (const stream of existing) await grouped.append(stream, [newEvent('Opened')], 'no_stream');

    const results = fulfilled(
      await burst(30, (i) =>
        i < 10
          ? grouped.append(existing[i] as string, [newEvent('Moved'), newEvent('MovedAgain')], 0)
          : grouped.append(`${category}-new${i}`, [newEvent('Opened', { i })], 'no_stream'),
      ),
    );

    expect(results).toHaveLength(30);
    expect(results.slice(0, 10).map((r) => r.nextExpectedRevision)).toEqual(Array(10).fill(2));
    expect(results.slice(10).map((r) => r.nextExpectedRevision)).toEqual(Array(20).fill(0));
    const transactions = new Set(results.map(transactionOf));
    expect(transactions.size).toBeLessThan(results.length);
    for (const stream of [...existing, `${category}-new10`, `${category}-new29`]) {
      const events = await grouped.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      expect(verifyStreamChain(stream, events)).toBeUndefined();
    }
    const feed = await grouped.readAll({ filter: { streamCategories: [category] } });
    expect(feed.events).toHaveLength(10 + 20 + 20);
    const lastOfEach = new Map(feed.events.map((e) => [e.stream, e.position.commit]));
    for (const [i, result] of results.entries()) {
      const stream = i < 10 ? existing[i] : `${category}-new${i}`;
      expect(lastOfEach.get(stream as string)).toBe(result.position.commit);
    }
  });

  it('refuses only the appends whose expectation fails; the rest of their group is stored', async () => {
    const category = uniqueCategory();
    await grouped.append(`${category}-taken`, [newEvent('Opened')], 'no_stream');
    await grouped.append(`${category}-moved`, [newEvent('Opened'), newEvent('Changed')], 'no_stream');

    const results = await burst(12, (i) => {
      if (i === 5) return grouped.append(`${category}-taken`, [newEvent('Again')], 'no_stream');
      if (i === 6) return grouped.append(`${category}-moved`, [newEvent('Stale')], 0);
      return grouped.append(`${category}-s${i}`, [newEvent('Opened')], 'no_stream');
    });

    expect(reasonOf(results[5])).toBeInstanceOf(WrongExpectedRevisionError);
    expect(reasonOf(results[6])).toBeInstanceOf(WrongExpectedRevisionError);
    expect(fulfilled(results)).toHaveLength(10);
    expect(await grouped.readStream(`${category}-taken`)).toHaveLength(1);
    expect((await grouped.readStream(`${category}-moved`)).map((e) => e.type)).toEqual(['Opened', 'Changed']);
  });

  it('settles a retried append and a reused event id in a group on their own, without losing the others', async () => {
    const category = uniqueCategory();
    const stored: NewEvent = newEvent('Opened', { n: 1 });
    const first = await grouped.append(`${category}-retried`, [stored], 'no_stream');
    const clashing = newEvent('Opened', { n: 2 });
    await grouped.append(`${category}-clash`, [clashing], 'no_stream');

    const results = await burst(12, (i) => {
      if (i === 4) return grouped.append(`${category}-retried`, [stored], 'no_stream');
      if (i === 7) return grouped.append(`${category}-other`, [{ ...clashing, data: { n: 3 } }], 'no_stream');
      return grouped.append(`${category}-s${i}`, [newEvent('Opened')], 'no_stream');
    });

    expect(results[4]).toEqual({ status: 'fulfilled', value: first });
    expect(reasonOf(results[7])).toBeInstanceOf(EventIdReusedError);
    expect(fulfilled(results)).toHaveLength(11);
    expect(await grouped.readStream(`${category}-other`)).toEqual([]);
    for (const i of [0, 3, 11]) expect(await grouped.readStream(`${category}-s${i}`)).toHaveLength(1);
  });

  it('keeps appends to one stream in separate statements, so concurrent writers at one revision still race', async () => {
    const stream = `${uniqueCategory()}-1`;
    await grouped.append(stream, [newEvent('Opened')], 'no_stream');
    const results = await burst(10, () => grouped.append(stream, [newEvent('Next')], 0));
    expect(fulfilled(results)).toHaveLength(1);
    const events = await grouped.readStream(stream);
    expect(events.map((e) => e.revision)).toEqual([0, 1]);
    expect(verifyStreamChain(stream, events)).toBeUndefined();
  });
});
