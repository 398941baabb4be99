import { comparePositions } from '../position';
import { EventIdReusedError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type { EventStore, RecordedEvent } from '../port';
import { collect, newEvent, uniqueCategory, untilFeedReaches, waitFor } from './fixtures';

export interface ContractHarness {
  readonly store: () => EventStore;
}

const positionsAscending = (events: readonly RecordedEvent[]): boolean =>
  events.every((event, i) => i === 0 || comparePositions(events[i - 1]!.position, event.position) < 0);

/** The promises of the event-store port; every adapter runs this same suite. */
export function describeEventStoreContract(adapter: string, harness: ContractHarness): void {
  describe(`EventStore contract: ${adapter}`, () => {
    const store = (): EventStore => harness.store();

    describe('appending and reading a stream', () => {
      it('numbers events from revision 0 and reads them back with their envelope', async () => {
        const stream = `${uniqueCategory()}-1`;
        const events = [newEvent('GiftReceived', { amount: '25000.00' }), newEvent('GiftAcknowledged')];
        const result = await store().append(stream, events, 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        const read = await store().readStream(stream);
        expect(read.map((e) => [e.id, e.type, e.revision, e.stream])).toEqual([
          [events[0]!.id, 'GiftReceived', 0, stream],
          [events[1]!.id, 'GiftAcknowledged', 1, stream],
        ]);
        expect(read[0]!.data).toEqual({ amount: '25000.00' });
        expect(read[0]!.metadata).toMatchObject(events[0]!.metadata!);
        expect(read[0]!.recordedAt).toBeInstanceOf(Date);
        expect(comparePositions(read[1]!.position, result.position)).toBe(0);
        expect(positionsAscending(read)).toBe(true);
      });

      it('reads a missing stream as empty', async () => {
        await expect(store().readStream(`${uniqueCategory()}-missing`)).resolves.toEqual([]);
      });

      it('reads backwards, from a revision, and at most maxCount events', async () => {
        const stream = `${uniqueCategory()}-1`;
        await store().append(
          stream,
          [newEvent('A'), newEvent('B'), newEvent('C'), newEvent('D')],
          'no_stream',
        );
        const types = (events: RecordedEvent[]): string[] => events.map((e) => e.type);
        expect(types(await store().readStream(stream, { direction: 'backwards' }))).toEqual([
          'D',
          'C',
          'B',
          'A',
        ]);
        expect(types(await store().readStream(stream, { fromRevision: 2 }))).toEqual(['C', 'D']);
        expect(types(await store().readStream(stream, { direction: 'backwards', fromRevision: 1 }))).toEqual([
          'B',
          'A',
        ]);
        expect(types(await store().readStream(stream, { maxCount: 2 }))).toEqual(['A', 'B']);
      });

      it('refuses an empty append and an event id that is not a UUID', async () => {
        const stream = `${uniqueCategory()}-1`;
        await expect(store().append(stream, [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(
          store().append(stream, [{ id: 'not-a-uuid', type: 'A', data: {} }], 'any'),
        ).rejects.toBeInstanceOf(InvalidAppendError);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses no_stream when the stream exists, naming its revision', async () => {
        const stream = `${uniqueCategory()}-1`;
        await store().append(stream, [newEvent('A')], 'no_stream');
        const failure = store().append(stream, [newEvent('B')], 'no_stream');
        await expect(failure).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(failure).rejects.toMatchObject({ stream, actual: 0 });
      });

      it('appends at the exact revision and refuses a stale one', async () => {
        const stream = `${uniqueCategory()}-1`;
        const first = await store().append(stream, [newEvent('A')], 'no_stream');
        const second = await store().append(
          stream,
          [newEvent('B'), newEvent('C')],
          first.nextExpectedRevision,
        );
        expect(second.nextExpectedRevision).toBe(2);
        await expect(
          store().append(stream, [newEvent('D')], first.nextExpectedRevision),
        ).rejects.toMatchObject({
          code: 'WRONG_EXPECTED_REVISION',
          expected: 0,
          actual: 2,
        });
        expect((await store().readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses an exact revision and stream_exists on a missing stream', async () => {
        const stream = `${uniqueCategory()}-1`;
        await expect(store().append(stream, [newEvent('A')], 0)).rejects.toMatchObject({
          actual: 'no_stream',
        });
        await expect(store().append(stream, [newEvent('A')], 'stream_exists')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store().append(stream, [newEvent('A')], 'any');
        await expect(store().append(stream, [newEvent('B')], 'stream_exists')).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('lets exactly one of many writers at the same revision win', async () => {
        const stream = `${uniqueCategory()}-1`;
        await store().append(stream, [newEvent('Opened')], 'no_stream');
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, () => store().append(stream, [newEvent('Decided')], 0)),
        );
        const winners = attempts.filter((a) => a.status === 'fulfilled');
        const losers = attempts.filter((a) => a.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((l) => l.reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect(await store().readStream(stream)).toHaveLength(2);
      });

      it('appends with any from many writers without losing one', async () => {
        const stream = `${uniqueCategory()}-1`;
        await Promise.all(
          Array.from({ length: 10 }, () => store().append(stream, [newEvent('Tick')], 'any')),
        );
        const read = await store().readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });
    });

    describe('idempotent appends', () => {
      it.each([['no_stream'], ['exact'], ['any']] as const)(
        'accepts a retry of the same events (%s) without writing them twice',
        async (expectation) => {
          const stream = `${uniqueCategory()}-1`;
          const opened = await store().append(stream, [newEvent('Opened')], 'no_stream');
          const expected = expectation === 'exact' ? opened.nextExpectedRevision : expectation;
          const target = expectation === 'no_stream' ? `${stream}b` : stream;
          const events = [newEvent('GiftReceived', { giftId: 'G-1' }), newEvent('GiftAcknowledged')];
          const first = await store().append(target, events, expected);
          const retry = await store().append(target, events, expected);
          expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
          expect(comparePositions(retry.position, first.position)).toBe(0);
          const ids = (await store().readStream(target)).map((e) => e.id);
          expect(ids.filter((id) => id === events[0]!.id)).toHaveLength(1);
        },
      );

      it('refuses the same event id with different content', async () => {
        const stream = `${uniqueCategory()}-1`;
        const event = newEvent('GiftReceived', { amount: '10.00' });
        await store().append(stream, [event], 'any');
        await expect(
          store().append(stream, [{ ...event, data: { amount: '99.00' } }], 'any'),
        ).rejects.toBeInstanceOf(EventIdReusedError);
        await expect(store().append(`${stream}x`, [event], 'any')).rejects.toBeInstanceOf(EventIdReusedError);
      });

      it('survives concurrent retries of one append', async () => {
        const stream = `${uniqueCategory()}-1`;
        const events = [newEvent('A'), newEvent('B')];
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store().append(stream, events, 'any')),
        );
        expect(new Set(results.map((r) => r.nextExpectedRevision))).toEqual(new Set([1]));
        expect(await store().readStream(stream)).toHaveLength(2);
      });
    });

    describe('the global feed', () => {
      it('reads in position order from an exclusive position, filtered by category or type', async () => {
        const start = await store().headPosition();
        const [a, b] = [uniqueCategory(), uniqueCategory()];
        await store().append(`${a}-1`, [newEvent('Kept'), newEvent('Dropped')], 'no_stream');
        await store().append(`${b}-1`, [newEvent('Kept')], 'no_stream');
        const lastAppend = await store().append(`${a}-2`, [newEvent('Kept')], 'no_stream');
        await untilFeedReaches(store(), lastAppend.position);

        const byCategory = await store().readAll({ from: start, filter: { streamCategories: [a] } });
        expect(byCategory.events.map((e) => e.stream)).toEqual([`${a}-1`, `${a}-1`, `${a}-2`]);
        expect(positionsAscending(byCategory.events)).toBe(true);

        const byType = await store().readAll({
          from: start,
          filter: { streamCategories: [a, b], eventTypes: ['Kept'] },
        });
        expect(byType.events.map((e) => e.stream)).toEqual([`${a}-1`, `${b}-1`, `${a}-2`]);

        const afterFirst = await store().readAll({
          from: byCategory.events[0]!.position,
          filter: { streamCategories: [a] },
        });
        expect(afterFirst.events).toHaveLength(2);
      });

      it('pages with maxCount and moves its checkpoint past filtered-out events', async () => {
        const start = await store().headPosition();
        const [mine, other] = [uniqueCategory(), uniqueCategory()];
        for (let i = 0; i < 5; i += 1) await store().append(`${mine}-${i}`, [newEvent('E')], 'no_stream');
        const last = await store().append(`${other}-1`, [newEvent('E')], 'no_stream');
        await untilFeedReaches(store(), last.position);

        const first = await store().readAll({
          from: start,
          maxCount: 3,
          filter: { streamCategories: [mine] },
        });
        expect(first.events).toHaveLength(3);
        expect(first.isEnd).toBe(false);
        const rest = await store().readAll({
          from: first.checkpoint,
          maxCount: 3,
          filter: { streamCategories: [mine] },
        });
        expect(rest.events).toHaveLength(2);
        expect(rest.isEnd).toBe(true);
        expect(comparePositions(rest.checkpoint!, last.position)).toBeGreaterThanOrEqual(0);
      });

      it('moves the head position up to the last appended event', async () => {
        const before = await store().headPosition();
        const result = await store().append(`${uniqueCategory()}-1`, [newEvent('A')], 'no_stream');
        const head = await untilFeedReaches(store(), result.position);
        expect(comparePositions(head, result.position)).toBeGreaterThanOrEqual(0);
        if (before) expect(comparePositions(result.position, before)).toBeGreaterThan(0);
      });
    });

    describe('subscriptions', () => {
      it('catches up, then follows live appends, and stops cleanly', async () => {
        const start = await store().headPosition();
        const category = uniqueCategory();
        await store().append(`${category}-1`, [newEvent('Before')], 'no_stream');
        const { events, subscription } = collect(store(), { from: start, categories: [category] });
        await waitFor('catch-up', () => (events.length === 1 ? true : undefined));
        await store().append(`${category}-1`, [newEvent('Live')], 0);
        await waitFor('live event', () => (events.length === 2 ? true : undefined));
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        expect(events.map((e) => e.type)).toEqual(['Before', 'Live']);
      });

      it('once caught up, gathers the appends made within minReadIntervalMs into one batch', async () => {
        const start = await store().headPosition();
        const category = uniqueCategory();
        const { events, batches, subscription } = collect(store(), {
          from: start,
          categories: [category],
          minReadIntervalMs: 2_000,
        });
        await store().append(`${category}-1`, [newEvent('First')], 'no_stream');
        await waitFor('the first', () => (events.length === 1 ? true : undefined));
        // One by one, each committed before the next: a subscriber reading after every append takes five batches.
        for (let revision = 0; revision < 5; revision += 1)
          await store().append(`${category}-1`, [newEvent('Next')], revision);
        await waitFor('all six', () => (events.length === 6 ? true : undefined));
        await subscription.stop();
        expect(batches.filter((batch) => batch.events.length > 0).map((b) => b.events.length)).toEqual([
          1, 5,
        ]);
      });

      it('resumes from a saved checkpoint without repeating or skipping events', async () => {
        const start = await store().headPosition();
        const category = uniqueCategory();
        await store().append(`${category}-1`, [newEvent('One'), newEvent('Two')], 'no_stream');
        const first = collect(store(), { from: start, categories: [category] });
        await waitFor('first two', () => (first.events.length === 2 ? true : undefined));
        await first.subscription.stop();
        const saved = first.batches.at(-1)!.checkpoint;

        await store().append(`${category}-1`, [newEvent('Three')], 1);
        const resumed = collect(store(), { from: saved, categories: [category] });
        await waitFor('the third', () => (resumed.events.length === 1 ? true : undefined));
        await resumed.subscription.stop();
        expect(resumed.events.map((e) => e.type)).toEqual(['Three']);
      });

      it('stops and rejects `done` when the handler fails, without calling it again', async () => {
        const start = await store().headPosition();
        const category = uniqueCategory();
        await store().append(`${category}-1`, [newEvent('Poison'), newEvent('Next')], 'no_stream');
        let calls = 0;
        const subscription = store().subscribeToAll({
          from: start,
          batchSize: 1,
          filter: { streamCategories: [category] },
          handle: () => {
            calls += 1;
            return Promise.reject(new Error('cannot apply'));
          },
        });
        await expect(subscription.done).rejects.toThrow('cannot apply');
        expect(calls).toBe(1);
      });

      it('delivers every event of many concurrent writers exactly once, in order', async () => {
        const start = await store().headPosition();
        const category = uniqueCategory();
        const { events, subscription } = collect(store(), {
          from: start,
          categories: [category],
          batchSize: 50,
        });
        const writers = 8;
        const appendsPerWriter = 25;
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (let i = 0; i < appendsPerWriter; i += 1) {
              await store().append(
                `${category}-${(writer * 7 + i) % 12}`,
                [newEvent('E', { writer, i })],
                'any',
              );
            }
          }),
        );
        const total = writers * appendsPerWriter;
        await waitFor(`${total} events`, () => (events.length >= total ? true : undefined), 20_000);
        await subscription.stop();
        expect(events).toHaveLength(total);
        expect(new Set(events.map((e) => e.id)).size).toBe(total);
        expect(positionsAscending(events)).toBe(true);
        const revisionsByStream = new Map<string, number[]>();
        for (const event of events)
          revisionsByStream.set(event.stream, [
            ...(revisionsByStream.get(event.stream) ?? []),
            event.revision,
          ]);
        for (const revisions of revisionsByStream.values())
          expect(revisions).toEqual(revisions.map((_, i) => i));
      });
    });
  });
}
