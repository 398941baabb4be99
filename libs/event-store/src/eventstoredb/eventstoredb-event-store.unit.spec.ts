import { describeEventStoreContract } from '../contract/event-store.contract';
import { collect, newEvent, uniqueCategory, waitFor } from '../contract/fixtures';
import { EventIdReusedError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { verifyStreamChain } from '../integrity';
import { comparePositions } from '../position';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { InMemoryEventStoreDb } from './testing/in-memory-driver';

// The adapter's own logic over a simulated node; the shared contract against a real one is in the .int spec.
const storeOver = (options: Parameters<typeof EventStoreDbEventStore.withDriver>[1] = {}) =>
  EventStoreDbEventStore.withDriver(new InMemoryEventStoreDb().driver, { checkpointInterval: 1, ...options });

// The whole shared contract over the simulator: the adapter's logic, not EventStoreDB's behaviour.
const simulated = storeOver();
describeEventStoreContract('EventStoreDB adapter over a simulated node (in memory, not a server)', {
  store: () => simulated,
});

describe('EventStoreDB adapter over a simulated node', () => {
  describe('idempotent appends', () => {
    it('answers a command retried at a newer revision (as handleCommand retries) with the original append', async () => {
      const store = storeOver();
      const stream = `${uniqueCategory()}-1`;
      const opened = await store.append(stream, [newEvent('Opened')], 'no_stream');
      const decided = [newEvent('Logged', { note: 'first' }), newEvent('Noted')];
      const first = await store.append(stream, decided, opened.nextExpectedRevision);
      await expect(store.append(stream, decided, first.nextExpectedRevision)).resolves.toEqual(first);
      await expect(store.append(stream, decided, 'any')).resolves.toEqual(first);
      await expect(
        store.append(
          stream,
          [{ ...decided[0]!, data: { note: 'decided again' } }],
          first.nextExpectedRevision,
        ),
      ).rejects.toBeInstanceOf(EventIdReusedError);
      await expect(store.append(stream, [decided[1]!, newEvent('New')], 'any')).rejects.toBeInstanceOf(
        EventIdReusedError,
      );
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened', 'Logged', 'Noted']);
    });

    it('refuses an id reused in another stream through its id index, and lets it through without one', async () => {
      const event = newEvent('GiftReceived');
      const indexed = storeOver();
      await indexed.append(`${uniqueCategory()}-1`, [event], 'no_stream');
      await expect(indexed.append(`${uniqueCategory()}-2`, [event], 'no_stream')).rejects.toBeInstanceOf(
        EventIdReusedError,
      );
      const unindexed = storeOver({ eventIdClaims: false });
      await unindexed.append(`${uniqueCategory()}-1`, [event], 'no_stream');
      await expect(unindexed.append(`${uniqueCategory()}-2`, [event], 'no_stream')).resolves.toBeDefined();
    });

    it('keeps its id index out of the feed and refuses appends to it', async () => {
      const store = storeOver();
      const start = await store.headPosition();
      const event = newEvent('A');
      await store.append(`${uniqueCategory()}-1`, [event], 'no_stream');
      const page = await store.readAll({ from: start });
      expect(page.events.map((e) => e.id)).toEqual([event.id]);
      await expect(store.append(`continuum_ids-${event.id}`, [newEvent('B')], 'any')).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
    });

    it('does not find a retry older than the lookback, and says so in the docs', async () => {
      const store = storeOver({ retryLookback: 2 });
      const stream = `${uniqueCategory()}-1`;
      const original = [newEvent('Original')];
      await store.append(stream, original, 'no_stream');
      for (const type of ['B', 'C', 'D']) await store.append(stream, [newEvent(type)], 'any');
      await store.append(stream, original, 'any');
      expect((await store.readStream(stream)).filter((e) => e.id === original[0]!.id)).toHaveLength(2);
    });

    it('reports a genuine conflict with the stream’s actual revision', async () => {
      const store = storeOver();
      const stream = `${uniqueCategory()}-1`;
      await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
      await expect(store.append(stream, [newEvent('C')], 0)).rejects.toMatchObject({
        constructor: WrongExpectedRevisionError,
        expected: 0,
        actual: 1,
      });
      await expect(store.append(stream, [newEvent('C')], 5)).rejects.toMatchObject({
        expected: 5,
        actual: 1,
      });
    });

    it('refuses system streams and types, and revisions that are not revisions', async () => {
      const store = storeOver();
      await expect(store.append('$settings', [newEvent('A')], 'any')).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      await expect(store.append('gift-1', [newEvent('$metadata')], 'any')).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      await expect(store.append('gift-1', [newEvent('A')], -1)).rejects.toBeInstanceOf(InvalidAppendError);
    });
  });

  it('reports the position of the last event of a multi-event append, whatever the server reports', async () => {
    const store = storeOver();
    const stream = `${uniqueCategory()}-1`;
    const result = await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    const read = await store.readStream(stream);
    expect(comparePositions(result.position, read[2]!.position)).toBe(0);
    expect(read[0]!.position.commit).toBe(read[2]!.position.commit);
    expect(comparePositions(read[0]!.position, read[1]!.position)).toBeLessThan(0);
  });

  it('chains every append, whatever its expectation, so the audit verifier accepts the stream', async () => {
    const store = storeOver();
    const stream = `${uniqueCategory()}-1`;
    const opened = await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
    await store.append(stream, [newEvent('C')], opened.nextExpectedRevision);
    await store.append(stream, [newEvent('D'), newEvent('E')], 'any');
    await store.append(stream, [newEvent('F')], 'stream_exists');
    const events = await store.readStream(stream);
    expect(events).toHaveLength(6);
    expect(verifyStreamChain(stream, events)).toBeUndefined();
    expect(events.every((e) => e.metadata.actor === 'contract-suite' && e.hash)).toBe(true);
  });

  describe('the feed', () => {
    it('leaves system records out and returns a checkpoint when the scan window runs out', async () => {
      const store = storeOver({ readAllScanWindow: 4 });
      const start = await store.headPosition();
      const [mine, other] = [uniqueCategory(), uniqueCategory()];
      for (let i = 0; i < 6; i += 1) await store.append(`${other}-${i}`, [newEvent('E')], 'no_stream');
      const last = await store.append(`${mine}-1`, [newEvent('Mine')], 'no_stream');

      const pages = [];
      let from = start;
      for (let page = await store.readAll({ from, filter: { streamCategories: [mine] } }); ;) {
        pages.push(page);
        if (page.isEnd) break;
        from = page.checkpoint;
        page = await store.readAll({ from, filter: { streamCategories: [mine] } });
      }
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.flatMap((p) => p.events.map((e) => e.type))).toEqual(['Mine']);
      expect(comparePositions(pages.at(-1)!.checkpoint!, last.position)).toBeGreaterThanOrEqual(0);

      const unfiltered = await store.readAll({ from: start, maxCount: 100 });
      expect(unfiltered.events.some((e) => e.stream.startsWith('$') || e.type.startsWith('$'))).toBe(false);
    });

    it('moves a filtered subscription past events it does not want, with empty batches if need be', async () => {
      const store = storeOver();
      const start = await store.headPosition();
      const [mine, other] = [uniqueCategory(), uniqueCategory()];
      await store.append(`${mine}-1`, [newEvent('Mine')], 'no_stream');
      const { events, batches, subscription } = collect(store, { from: start, categories: [mine] });
      const last = await store.append(
        `${other}-1`,
        [newEvent('A'), newEvent('B'), newEvent('C')],
        'no_stream',
      );
      await waitFor('a checkpoint past the other stream', () =>
        batches.some((b) => comparePositions(b.checkpoint, last.position) >= 0) ? true : undefined,
      );
      await subscription.stop();
      expect(events.map((e) => e.type)).toEqual(['Mine']);
      expect(batches.some((b) => b.events.length === 0)).toBe(true);
    });

    it('stops running subscriptions when the store closes, so none tries to reconnect', async () => {
      const store = storeOver();
      const { subscription } = collect(store, { categories: [uniqueCategory()] });
      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
    });
  });
});
