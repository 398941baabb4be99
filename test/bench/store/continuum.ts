import { PostgresEventStore, type FeedPage, type GlobalPosition } from '@continuum/event-store';
import type { StoreContender } from './contender';

/** `grouped: false` writes every append on its own statement, to show what group commit adds. */
export async function openContinuum(url: string, poolSize: number, grouped = true): Promise<StoreContender> {
  const store = await PostgresEventStore.connect({
    connectionString: url,
    poolSize,
    applicationName: 'bench-continuum',
    ...(grouped ? {} : { appendGroups: false }),
  });
  return {
    async append(stream, events, revision) {
      const result = await store.append(stream, events, revision < 0 ? 'no_stream' : revision);
      const expected = revision + events.length;
      if (result.nextExpectedRevision !== expected)
        throw new Error(`${stream}: revision ${result.nextExpectedRevision}, expected ${expected}`);
    },
    async readFeed(pageSize) {
      const ids: string[] = [];
      let from: GlobalPosition | undefined;
      let page: FeedPage;
      do {
        page = await store.readAll({ from, maxCount: pageSize });
        for (const event of page.events) ids.push(event.id);
        from = page.checkpoint ?? from;
      } while (!page.isEnd);
      return ids;
    },
    close: () => store.close(),
  };
}
