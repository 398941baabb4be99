import { START } from '@eventstore/db-client';
import { formatPosition, parsePosition } from '../position';
import { fromDbPosition, readPositionFrom, toDbPosition } from './positions';

describe('EventStoreDB positions', () => {
  const beyondDoubles = { commit: 2n ** 62n + 7n, prepare: 2n ** 62n + 3n };

  it('keeps both parts of a log position, beyond what a double can hold, both ways', () => {
    const position = fromDbPosition(beyondDoubles);
    expect(position).toEqual({ commit: 4611686018427387911n, prepare: 4611686018427387907n });
    expect(toDbPosition(position)).toEqual(beyondDoubles);
  });

  it('survives the text form used in headers and checkpoints when commit and prepare differ', () => {
    const text = formatPosition(fromDbPosition(beyondDoubles));
    expect(text).toBe('4611686018427387911/4611686018427387907');
    expect(toDbPosition(parsePosition(text))).toEqual(beyondDoubles);
  });

  it('starts at the beginning of the log when nothing was stored yet, else at the stored position', () => {
    expect(readPositionFrom(undefined)).toBe(START);
    expect(readPositionFrom({ commit: 10n, prepare: 9n })).toEqual({ commit: 10n, prepare: 9n });
  });
});
