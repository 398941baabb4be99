import type { NewEvent, RecordedEvent } from '../port';
import { sameContent } from './event-codec';

/** What the stream already holds of an append's events. */
export type PriorAppend =
  | { readonly kind: 'none' }
  /** Every event is stored with the same content: the append is a retry, answered with its first result. */
  | { readonly kind: 'retry'; readonly last: RecordedEvent }
  /** An id is stored with other content, or only part of the append is: the caller reused ids. */
  | { readonly kind: 'reused'; readonly eventId: string };

export function findPriorAppend(sent: readonly NewEvent[], stored: readonly RecordedEvent[]): PriorAppend {
  const storedById = new Map(stored.map((event) => [event.id, event]));
  const matches = sent.map((event) => ({ event, stored: storedById.get(event.id) }));
  const changed = matches.find((match) => match.stored && !sameContent(match.event, match.stored));
  if (changed) return { kind: 'reused', eventId: changed.event.id };
  const found = matches.flatMap((match) => (match.stored ? [match.stored] : []));
  const [first, ...rest] = found;
  if (!first) return { kind: 'none' };
  if (found.length < sent.length) return { kind: 'reused', eventId: first.id };
  const last = rest.reduce((latest, event) => (event.revision > latest.revision ? event : latest), first);
  return { kind: 'retry', last };
}
