import { positionOf } from '../position';
import type { ReadAllOptions, RecordedEvent } from '../port';
import { SharedFeedTail, type BlockablePage } from './shared-feed';

const event = (position: number, stream: string, type: string): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type,
  data: {},
  metadata: {},
  stream,
  revision: 0,
  position: positionOf(BigInt(position)),
  recordedAt: new Date(0),
});

/** A feed of ten events below a horizon of 11, read like the store reads it (filter and maxCount applied). */
function feed(horizon = 11) {
  const events = Array.from({ length: 10 }, (_, i) =>
    event(i + 1, i % 2 === 0 ? `gift-${i}` : `task-${i}`, i % 2 === 0 ? 'GiftReceived' : 'TaskCreated'),
  );
  const reads: ReadAllOptions[] = [];
  const readPage = (options: ReadAllOptions): Promise<BlockablePage> => {
    reads.push(options);
    const from = options.from?.commit ?? -1n;
    const maxCount = options.maxCount ?? 1000;
    const matching = events.filter(
      (e) =>
        e.position.commit > from &&
        e.position.commit < BigInt(horizon) &&
        (!options.filter?.eventTypes || options.filter.eventTypes.includes(e.type)) &&
        (!options.filter?.streamCategories ||
          options.filter.streamCategories.includes(e.stream.split('-')[0]!)),
    );
    const page = matching.slice(0, maxCount);
    const isEnd = page.length < maxCount;
    const checkpoint = isEnd ? positionOf(BigInt(horizon - 1)) : page[page.length - 1]!.position;
    return Promise.resolve({ events: page, checkpoint, isEnd, blocked: false });
  };
  const signal = { generation: 0 };
  return { reads, signal, tail: new SharedFeedTail(readPage, () => signal.generation, 60_000) };
}

const positions = (page: BlockablePage): number[] => page.events.map((e) => Number(e.position.commit));

describe('SharedFeedTail', () => {
  it('serves subscribers at the same position from one read, each through its own filter', async () => {
    const { reads, tail } = feed();
    const from = positionOf(4n);
    const [gifts, tasks, all] = await Promise.all([
      tail.page({ from, filter: { eventTypes: ['GiftReceived'] } }),
      tail.page({ from, filter: { streamCategories: ['task'] } }),
      tail.page({ from }),
    ]);
    expect(reads).toHaveLength(1);
    expect(positions(gifts)).toEqual([5, 7, 9]);
    expect(positions(tasks)).toEqual([6, 8, 10]);
    expect(positions(all)).toEqual([5, 6, 7, 8, 9, 10]);
    for (const page of [gifts, tasks, all])
      expect(page).toMatchObject({ checkpoint: positionOf(10n), isEnd: true });
  });

  it('serves a later subscriber from the page it has not yet seen, and reads again once it caught up', async () => {
    const { reads, signal, tail } = feed();
    await tail.page({ from: positionOf(2n) });
    const later = await tail.page({ from: positionOf(7n), filter: { eventTypes: ['TaskCreated'] } });
    expect(positions(later)).toEqual([8, 10]);
    expect(reads).toHaveLength(1);
    await tail.page({ from: positionOf(10n) });
    expect(reads).toHaveLength(1); // the page is fresh and nothing was appended since
    signal.generation += 1;
    await tail.page({ from: positionOf(10n) });
    expect(reads).toHaveLength(2);
  });

  it('lets a subscriber behind the shared page read on its own, with its filter', async () => {
    const { reads, tail } = feed();
    await tail.page({ from: positionOf(6n) });
    const behind = await tail.page({ from: positionOf(1n), filter: { eventTypes: ['GiftReceived'] } });
    expect(positions(behind)).toEqual([3, 5, 7, 9]);
    expect(reads[1]).toEqual({ from: positionOf(1n), filter: { eventTypes: ['GiftReceived'] } });
  });

  it('stops at maxCount with the checkpoint on the last event served', async () => {
    const { tail } = feed();
    const page = await tail.page({ from: positionOf(0n), maxCount: 3 });
    expect(positions(page)).toEqual([1, 2, 3]);
    expect(page).toMatchObject({ checkpoint: positionOf(3n), isEnd: false });
  });

  it('does not call a page the end once an append was heard after its read began', async () => {
    const { reads, signal, tail } = feed();
    await tail.page({ from: positionOf(2n) });
    signal.generation += 1;
    const stale = await tail.page({ from: positionOf(4n) });
    expect(positions(stale)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(stale.isEnd).toBe(false); // so the subscriber reads again at once instead of sleeping
    expect(reads).toHaveLength(1);
    const fresh = await tail.page({ from: positionOf(10n) });
    expect(reads).toHaveLength(2);
    expect(fresh).toMatchObject({ events: [], isEnd: true });
  });

  describe('the window of recent pages', () => {
    /** A feed that grows: `append` adds events and bumps the signal, as a notification would. */
    function growingFeed(windowEvents?: number) {
      const events: RecordedEvent[] = [];
      const reads: ReadAllOptions[] = [];
      const signal = { generation: 0 };
      const append = (count: number): void => {
        for (let i = 0; i < count; i += 1) {
          const position = events.length + 1;
          const type = position % 2 === 0 ? 'TaskCreated' : 'GiftReceived';
          events.push(event(position, `stream-${position}`, type));
        }
        signal.generation += 1;
      };
      const readPage = (options: ReadAllOptions): Promise<BlockablePage> => {
        reads.push(options);
        const from = options.from?.commit ?? -1n;
        const matching = events.filter(
          (e) =>
            e.position.commit > from &&
            (!options.filter?.eventTypes || options.filter.eventTypes.includes(e.type)),
        );
        const page = matching.slice(0, options.maxCount ?? 1000);
        const isEnd = page.length < (options.maxCount ?? 1000);
        const checkpoint = isEnd ? positionOf(BigInt(events.length)) : page[page.length - 1]!.position;
        return Promise.resolve({ events: page, checkpoint, isEnd, blocked: false });
      };
      const tail = new SharedFeedTail(readPage, () => signal.generation, 60_000, windowEvents);
      return { reads, append, tail };
    }

    it('serves a subscriber behind the newest page from the kept pages, without a read', async () => {
      const { reads, append, tail } = growingFeed();
      append(4);
      await tail.page({ from: positionOf(0n) }); // the leader reads (0, 4]
      append(4);
      await tail.page({ from: positionOf(4n) }); // ...and (4, 8]
      expect(reads).toHaveLength(2);

      const behind = await tail.page({ from: positionOf(2n), filter: { eventTypes: ['TaskCreated'] } });
      expect(positions(behind)).toEqual([4, 6, 8]);
      expect(behind).toMatchObject({ checkpoint: positionOf(8n), isEnd: true, blocked: false });
      expect(reads).toHaveLength(2);
    });

    it('serves a subscriber behind several small pages one batch across them, up to its maxCount', async () => {
      const { reads, append, tail } = growingFeed();
      for (let page = 0; page < 3; page += 1) {
        append(2);
        await tail.page({ from: positionOf(BigInt(page * 2)) }); // the leader reads each small page at the head
      }
      expect(reads).toHaveLength(3);
      const capped = await tail.page({ from: positionOf(0n), maxCount: 5 });
      expect(positions(capped)).toEqual([1, 2, 3, 4, 5]);
      expect(capped).toMatchObject({ checkpoint: positionOf(5n), isEnd: false });
      const all = await tail.page({ from: positionOf(1n), filter: { eventTypes: ['TaskCreated'] } });
      expect(positions(all)).toEqual([2, 4, 6]);
      expect(all).toMatchObject({ checkpoint: positionOf(6n), isEnd: true });
      expect(reads).toHaveLength(3);
    });

    it('forgets the oldest pages beyond its size: a subscriber behind them reads on its own', async () => {
      const { reads, append, tail } = growingFeed(4);
      append(4);
      await tail.page({ from: positionOf(0n) });
      append(4);
      await tail.page({ from: positionOf(4n) });
      const behind = await tail.page({ from: positionOf(2n) });
      expect(positions(behind)).toEqual([3, 4, 5, 6, 7, 8]);
      expect(reads).toHaveLength(3);
      expect(reads[2]).toEqual({ from: positionOf(2n) });
    });

    it('keeps serving a position once idle re-reads of the head found nothing new', async () => {
      const { reads, append, tail } = growingFeed(4);
      append(4);
      await tail.page({ from: positionOf(0n) });
      for (let i = 0; i < 5; i += 1) {
        append(0); // a notification with nothing new for this process: the leader re-reads an empty head
        await tail.page({ from: positionOf(4n) });
      }
      expect(reads).toHaveLength(6);
      const late = await tail.page({ from: positionOf(1n) });
      expect(positions(late)).toEqual([2, 3, 4]);
      expect(reads).toHaveLength(6);
    });
  });
});
