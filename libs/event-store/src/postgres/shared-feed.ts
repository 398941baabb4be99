import { passesFeedFilter } from '../feed-filter';
import { positionOf } from '../position';
import type { FeedPage, ReadAllOptions, RecordedEvent } from '../port';

export type BlockablePage = FeedPage & { blocked: boolean };

/** One unfiltered read of the feed: every event after `from` up to `scannedTo`. */
interface TailPage {
  /** When the read began, and the feed signal's generation then. */
  readonly readAt: number;
  readonly generation: number;
  readonly from: bigint;
  readonly events: readonly RecordedEvent[];
  readonly scannedTo: bigint;
  readonly isEnd: boolean;
  readonly blocked: boolean;
}

const SHARED_PAGE_SIZE = 1000;

/**
 * The subscribers of one process share their reads of the feed's tail: woken by the same append, they
 * would each read (and parse) the same new events. A subscriber at or past the start of the latest
 * unfiltered page is served from it, filtered in memory; one behind it (catching up) reads on its own.
 * A page is a consistent snapshot (everything up to `scannedTo` is in it), so serving it late is safe:
 * a subscriber that caught up with it reads again, from there, once the feed signals growth.
 */
export class SharedFeedTail {
  private latest: TailPage | undefined;
  private reading: { from: bigint; page: Promise<TailPage> } | undefined;

  constructor(
    private readonly readPage: (options: ReadAllOptions) => Promise<BlockablePage>,
    /** The feed signal's generation: it moves with every append this process hears of. */
    private readonly generation: () => number,
    /** A subscriber at the end of a page this recent, with no append heard since, is told there is nothing new. */
    private readonly freshForMs: number,
  ) {}

  async page(options: ReadAllOptions): Promise<BlockablePage> {
    const from = options.from?.commit ?? -1n;
    const served = this.serve(this.latest, from, options);
    if (served) return served;
    const latest = this.latest;
    if (
      latest?.scannedTo === from &&
      latest.generation === this.generation() &&
      Date.now() - latest.readAt < this.freshForMs
    )
      // Subscribers retrying behind a running transaction share one re-read per interval.
      return { events: [], checkpoint: options.from, isEnd: latest.isEnd, blocked: latest.blocked };
    if (this.reading && this.reading.from <= from) {
      const shared = this.serve(await this.reading.page, from, options);
      if (shared) return shared;
    }
    if (this.latest && from < this.latest.from) return this.readPage(options);
    const tail = await this.readTail(from);
    // Nothing past `from` yet: the subscriber is at the head.
    return (
      this.serve(tail, from, options) ?? {
        events: [],
        checkpoint: options.from,
        isEnd: this.endsFeed(tail),
        blocked: tail.blocked,
      }
    );
  }

  private readTail(from: bigint): Promise<TailPage> {
    const readAt = Date.now();
    const generation = this.generation();
    const page = this.readPage({
      ...(from >= 0n ? { from: positionOf(from) } : {}),
      maxCount: SHARED_PAGE_SIZE,
    })
      .then((read): TailPage => {
        const last = read.events[read.events.length - 1];
        const scannedTo = read.isEnd ? (read.checkpoint?.commit ?? from) : (last?.position.commit ?? from);
        return {
          readAt,
          generation,
          from,
          events: read.events,
          scannedTo,
          isEnd: read.isEnd,
          blocked: read.blocked,
        };
      })
      .then((tail) => {
        if (!this.latest || tail.scannedTo >= this.latest.scannedTo) this.latest = tail;
        return tail;
      })
      .finally(() => {
        if (this.reading?.page === page) this.reading = undefined;
      });
    this.reading = { from, page };
    return page;
  }

  /**
   * The part of `tail` after `from` that passes the filter, or undefined when `tail` has nothing past `from`.
   * A page read before the latest append this process heard of is not the end: the caller reads on at once.
   */
  private serve(
    tail: TailPage | undefined,
    from: bigint,
    options: ReadAllOptions,
  ): BlockablePage | undefined {
    if (!tail || from < tail.from || from >= tail.scannedTo) return undefined;
    const isEnd = this.endsFeed(tail);
    const maxCount = options.maxCount ?? SHARED_PAGE_SIZE;
    const events: RecordedEvent[] = [];
    for (const event of tail.events) {
      if (event.position.commit <= from || !passesFeedFilter(event, options.filter)) continue;
      events.push(event);
      if (events.length === maxCount)
        return { events, checkpoint: event.position, isEnd: false, blocked: tail.blocked };
    }
    return { events, checkpoint: positionOf(tail.scannedTo), isEnd, blocked: tail.blocked };
  }

  private endsFeed(tail: TailPage): boolean {
    return tail.isEnd && tail.generation === this.generation();
  }
}
