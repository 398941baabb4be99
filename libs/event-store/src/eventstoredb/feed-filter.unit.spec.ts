import { EVENT_TYPE, STREAM_NAME, type RegexFilter } from '@eventstore/db-client';
import {
  eventTypeRegex,
  isSystemEvent,
  matchesFeedFilter,
  serverFilter,
  streamCategoryRegex,
} from './feed-filter';

// .NET (the server) and JavaScript agree on the constructs used: anchors, groups, alternation, escapes.
const matches = (pattern: string, text: string): boolean => new RegExp(pattern).test(text);

describe('stream category regex', () => {
  const pattern = streamCategoryRegex(['gift', 'partner']);

  it('matches every stream of the categories, and a stream named just like one', () => {
    for (const stream of ['gift-1', 'gift-abc-def', 'partner-9', 'gift'])
      expect({ stream, matches: matches(pattern, stream) }).toEqual({ stream, matches: true });
  });

  it('matches no stream of another category sharing a prefix', () => {
    for (const stream of ['gifts-1', 'giftaid-2', 'partnership-3', 'xgift-1', '$ce-gift'])
      expect({ stream, matches: matches(pattern, stream) }).toEqual({ stream, matches: false });
  });

  it('escapes characters a category may contain', () => {
    const dotted = streamCategoryRegex(['a.b', 'c+d']);
    expect(matches(dotted, 'a.b-1')).toBe(true);
    expect(matches(dotted, 'axb-1')).toBe(false);
    expect(matches(dotted, 'c+d-1')).toBe(true);
  });
});

describe('event type regex', () => {
  it('matches exactly the listed types, not longer ones sharing a prefix', () => {
    const pattern = eventTypeRegex(['GiftReceived', 'Pledge.Made']);
    expect(matches(pattern, 'GiftReceived')).toBe(true);
    expect(matches(pattern, 'Pledge.Made')).toBe(true);
    expect(matches(pattern, 'GiftReceivedLate')).toBe(false);
    expect(matches(pattern, 'PledgexMade')).toBe(false);
  });
});

describe('the server-side filter', () => {
  const checkpoints = { checkpointInterval: 32, checkpointReached: () => undefined };

  it('filters on stream name when categories are given, even with event types (applied by the adapter)', () => {
    const filter = serverFilter({ streamCategories: ['gift'], eventTypes: ['GiftReceived'] }, checkpoints);
    expect(filter).toMatchObject({ filterOn: STREAM_NAME, regex: streamCategoryRegex(['gift']) });
    expect(filter.checkpointInterval).toBe(32);
    expect(filter.checkpointReached).toBe(checkpoints.checkpointReached);
  });

  it('filters on event type when only types are given', () => {
    expect(serverFilter({ eventTypes: ['A', 'B'] }, checkpoints)).toMatchObject({
      filterOn: EVENT_TYPE,
      regex: '^(?:A|B)$',
    });
  });

  it('leaves out system events when there is no filter', () => {
    const filter = serverFilter(undefined, checkpoints) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect(matches(filter.regex, '$metadata')).toBe(false);
    expect(matches(filter.regex, 'GiftReceived')).toBe(true);
  });
});

describe('the adapter-side filter', () => {
  it('drops system streams and events whatever the filter', () => {
    expect(isSystemEvent({ stream: '$settings', type: 'Settings' })).toBe(true);
    expect(isSystemEvent({ stream: 'gift-1', type: '$>' })).toBe(true);
    expect(matchesFeedFilter({ stream: '$stats-1', type: '$statsCollected' }, undefined)).toBe(false);
    expect(matchesFeedFilter({ stream: 'gift-1', type: 'GiftReceived' }, undefined)).toBe(true);
  });

  it('applies categories and types together', () => {
    const filter = { streamCategories: ['gift'], eventTypes: ['Kept'] };
    expect(matchesFeedFilter({ stream: 'gift-1', type: 'Kept' }, filter)).toBe(true);
    expect(matchesFeedFilter({ stream: 'gift-1', type: 'Dropped' }, filter)).toBe(false);
    expect(matchesFeedFilter({ stream: 'gifts-1', type: 'Kept' }, filter)).toBe(false);
    expect(matchesFeedFilter({ stream: 'gift', type: 'Kept' }, filter)).toBe(true);
  });
});
