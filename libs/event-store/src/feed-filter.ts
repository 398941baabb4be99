import { streamCategory } from './event-id';
import type { FeedFilter, RecordedEvent } from './port';

/** The port's feed filter applied to one event, as the adapters apply it when reading the feed. */
export function passesFeedFilter(
  event: Pick<RecordedEvent, 'stream' | 'type'>,
  filter: FeedFilter | undefined,
): boolean {
  if (filter?.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter?.streamCategories && !filter.streamCategories.includes(streamCategory(event.stream)))
    return false;
  return true;
}
