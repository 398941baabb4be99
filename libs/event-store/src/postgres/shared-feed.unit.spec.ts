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
});
