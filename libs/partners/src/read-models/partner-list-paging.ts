// Pages of the partner list: the in-memory orders for score and last activity, and each sort's cursor.
import { decodeCursor, encodeCursor } from './page-cursor';
import type { Page, PartnerListItem, PartnerListQuery } from './partner-views.types';

export type Candidate = PartnerListItem & { readonly sortName: string };

type NameKey = Pick<Candidate, 'sortName' | 'partnerId'>;

const byName = (a: NameKey, b: NameKey): number =>
  a.sortName < b.sortName
    ? -1
    : a.sortName > b.sortName
      ? 1
      : a.partnerId < b.partnerId
        ? -1
        : a.partnerId > b.partnerId
          ? 1
          : 0;

export function page<Item extends Candidate>(
  sorted: readonly Item[],
  limit: number,
  cursorOf: (last: Item) => string,
): Page<PartnerListItem> {
  const shown = sorted.slice(0, limit);
  const last = shown.at(-1);
  return {
    items: shown.map(({ sortName: _sortName, ...item }) => item),
    nextCursor: sorted.length > limit && last ? cursorOf(last) : null,
  };
}

/** Highest score first, then by name. */
export function pageByScore(
  candidates: readonly Candidate[],
  query: PartnerListQuery,
): Page<PartnerListItem> {
  type Key = Pick<Candidate, 'score' | 'sortName' | 'partnerId'>;
  const order = (a: Key, b: Key): number => b.score - a.score || byName(a, b);
  let sorted = [...candidates].sort(order);
  if (query.cursor) {
    const [score, sortName, partnerId] = decodeCursor('score', query.cursor, ['number', 'string', 'string']);
    const after = { score: Number(score), sortName: String(sortName), partnerId: String(partnerId) };
    sorted = sorted.filter((item) => order(item, after) > 0);
  }
  return page(sorted, query.limit, (last) =>
    encodeCursor('score', [last.score, last.sortName, last.partnerId]),
  );
}

/** Most recent activity first, partners without any last, then by name. */
export function pageByLastActivity(
  candidates: readonly Candidate[],
  query: PartnerListQuery,
): Page<PartnerListItem> {
  const order = (a: Pick<Candidate, 'lastActivityAt' | 'sortName' | 'partnerId'>, b: typeof a): number => {
    if (a.lastActivityAt !== b.lastActivityAt) {
      if (a.lastActivityAt === null) return 1;
      if (b.lastActivityAt === null) return -1;
      return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
    }
    return byName(a, b);
  };
  let sorted = [...candidates].sort(order);
  if (query.cursor) {
    const [lastActivityAt, sortName, partnerId] = decodeCursor('lastActivity', query.cursor, [
      'nullable-string',
      'string',
      'string',
    ]);
    const after = {
      lastActivityAt: lastActivityAt === null ? null : String(lastActivityAt),
      sortName: String(sortName),
      partnerId: String(partnerId),
    };
    sorted = sorted.filter((item) => order(item, after) > 0);
  }
  return page(sorted, query.limit, (last) =>
    encodeCursor('lastActivity', [last.lastActivityAt, last.sortName, last.partnerId]),
  );
}
