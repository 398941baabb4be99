import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamSubscription,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { passesFeedFilter } from '../feed-filter';
import type { FeedFilter, RecordedEvent } from '../port';
import { isClaimStream } from './event-id-claims';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const alternatives = (names: readonly string[]): string => names.map(escapeRegex).join('|');

/** Streams of the given categories: `<category>` itself or `<category>-…` (the category ends at the first dash). */
export const streamCategoryRegex = (categories: readonly string[]): string =>
  `^(?:${alternatives(categories)})(?:-|$)`;

/** Exactly these event types (a prefix filter would also let `GiftReceivedLate` through `GiftReceived`). */
export const eventTypeRegex = (types: readonly string[]): string => `^(?:${alternatives(types)})$`;

/**
 * EventStoreDB's own streams and events (`$settings`, `$metadata`, links `$>`…) and the adapter's
 * event-id claims are never part of the feed.
 */
export const isSystemEvent = (event: Pick<RecordedEvent, 'stream' | 'type'>): boolean =>
  event.stream.startsWith('$') || event.type.startsWith('$') || isClaimStream(event.stream);

/** The whole filter, applied by the adapter to what the server sends (the server filters on one field only). */
export function matchesFeedFilter(
  event: Pick<RecordedEvent, 'stream' | 'type'>,
  filter: FeedFilter | undefined,
): boolean {
  return !isSystemEvent(event) && passesFeedFilter(event, filter);
}

export interface CheckpointOptions {
  /** In the server's units: a checkpoint after every `checkpointInterval` × 32 events it read. */
  readonly checkpointInterval: number;
  readonly checkpointReached: (subscription: AllStreamSubscription, position: Position) => void;
}

/**
 * The server-side filter of a subscription. EventStoreDB filters on one field: stream categories when
 * given (usually the narrower), else event types, else only system events are left out. The rest of
 * the filter is applied by `matchesFeedFilter`.
 */
export function serverFilter(filter: FeedFilter | undefined, checkpoints: CheckpointOptions): Filter {
  if (filter?.streamCategories) {
    return streamNameFilter({ regex: streamCategoryRegex(filter.streamCategories), ...checkpoints });
  }
  if (filter?.eventTypes)
    return eventTypeFilter({ regex: eventTypeRegex(filter.eventTypes), ...checkpoints });
  return excludeSystemEvents(checkpoints);
}
