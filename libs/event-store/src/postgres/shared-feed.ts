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

const holds = (page: TailPage | undefined, from: bigint): page is TailPage =>
  page !== undefined && from >= page.from && from < page.scannedTo;

/** Tail pages kept for subscribers a page or two behind the leader: a few seconds at 500 events/s. */
const DEFAULT_WINDOW_EVENTS = 2_000;
const MAX_PAGES = 100;

/**
 * The subscribers of one process share their reads of the feed's tail: woken by the same append, they
 * would each read (and parse) the same new events. The latest unfiltered pages are kept (up to
 * `windowEvents`); a subscriber inside one is served from it, filtered in memory, and only one behind
 * them all (catching up from far back) reads on its own. Each page is a consistent snapshot (everything
 * up to `scannedTo` is in it), so serving it late is safe: a subscriber at the end of the newest page
 * reads again, from there, once the feed signals growth.
 */
export class SharedFeedTail {
  /** Oldest first; each page was read from at or after the end of the one before. */
  private pages: TailPage[] = [];
  private windowed = 0;
  private reading: { from: bigint; page: Promise<TailPage> } | undefined;

  constructor(
    private readonly readPage: (options: ReadAllOptions) => Promise<BlockablePage>,
    /** The feed signal's generation: it moves with every append this process hears of. */
    private readonly generation: () => number,
    /** A subscriber at the end of a page this recent, with no append heard since, is told there is nothing new. */
    private readonly freshForMs: number,
    private readonly windowEvents = DEFAULT_WINDOW_EVENTS,
  ) {}

  private get latest(): TailPage | undefined {
    return this.pages[this.pages.length - 1];
  }

  async page(options: ReadAllOptions): Promise<BlockablePage> {
    const from = options.from?.commit ?? -1n;
    const served = this.serveFromWindow(from, options);
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
    if (latest && from < latest.from) return this.readPage(options);
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

  /** The newest kept page that holds `from`, served on through the pages read after it. */
  private serveFromWindow(from: bigint, options: ReadAllOptions): BlockablePage | undefined {
    let index = this.pages.length - 1;
    while (index >= 0 && !holds(this.pages[index], from)) index -= 1;
    return index < 0 ? undefined : this.serveFrom(this.pages, index, from, options);
  }

  /** A page just read, as the newest: undefined when it has nothing past `from`. */
  private serve(tail: TailPage, from: bigint, options: ReadAllOptions): BlockablePage | undefined {
    return holds(tail, from) ? this.serveFrom([tail], 0, from, options) : undefined;
  }

  /**
   * The events after `from` that pass the filter, from `pages[index]` on through the pages after it (each
   * starting where the one before ends), up to `maxCount`: a subscriber behind gets one batch as big as its
   * own read would be, not one per small page the leader read at the head. Only the last of `pages` can end
   * the feed, and a page read before the latest append this process heard of does not: the caller reads on.
   */
  private serveFrom(
    pages: readonly TailPage[],
    index: number,
    from: bigint,
    options: ReadAllOptions,
  ): BlockablePage {
    const maxCount = options.maxCount ?? SHARED_PAGE_SIZE;
    const events: RecordedEvent[] = [];
    let at = index;
    let page = pages[at] as TailPage;
    for (;;) {
      for (const event of page.events) {
        if (event.position.commit <= from || !passesFeedFilter(event, options.filter)) continue;
        events.push(event);
        if (events.length === maxCount)
          return { events, checkpoint: event.position, isEnd: false, blocked: false };
      }
      const next = pages[at + 1];
      if (next?.from !== page.scannedTo) break;
      at += 1;
      page = next;
    }
    const newest = at === pages.length - 1;
    return {
      events,
      checkpoint: positionOf(page.scannedTo),
      isEnd: newest && this.endsFeed(page),
      blocked: newest && page.blocked,
    };
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
        this.keep(tail);
        return tail;
      })
      .finally(() => {
        if (this.reading?.page === page) this.reading = undefined;
      });
    this.reading = { from, page };
    return page;
  }

  /** Adds a page newer than the window's newest, then trims the oldest. */
  private keep(tail: TailPage): void {
    const latest = this.latest;
    if (latest && tail.scannedTo < latest.scannedTo) return;
    // An empty newest page followed by its continuation is one snapshot: merged, so idle re-reads do not pile up.
    if (latest?.events.length === 0 && tail.from === latest.scannedTo) {
      this.pages.pop();
      this.pages.push({ ...tail, from: latest.from });
    } else this.pages.push(tail);
    this.windowed += tail.events.length;
    while ((this.windowed > this.windowEvents || this.pages.length > MAX_PAGES) && this.pages.length > 1) {
      this.windowed -= this.pages.shift()?.events.length ?? 0;
    }
  }

  private endsFeed(tail: TailPage): boolean {
    return tail.isEnd && tail.generation === this.generation();
  }
}
