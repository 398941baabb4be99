import type { NewEvent, RecordedEvent } from '../port';
import { findPriorAppend } from './prior-append';

const sent = (id: string, data: unknown = { n: 1 }): NewEvent => ({ id, type: 'Ticked', data });
const stored = (event: NewEvent, revision: number): RecordedEvent => ({
  ...event,
  metadata: {},
  stream: 'clock-1',
  revision,
  position: { commit: BigInt(revision * 100), prepare: BigInt(revision * 100) },
  recordedAt: new Date(0),
});

describe('finding an earlier copy of an append in the stream', () => {
  const [a, b] = [sent('a'), sent('b')];

  it('finds nothing when none of the ids is stored', () => {
    expect(findPriorAppend([a, b], [stored(sent('x'), 0)])).toEqual({ kind: 'none' });
    expect(findPriorAppend([a], [])).toEqual({ kind: 'none' });
  });

  it('answers a retry with the last of its stored events, whatever order the read came in', () => {
    const backwards = [stored(sent('later'), 9), stored(b, 4), stored(a, 3)];
    expect(findPriorAppend([a, b], backwards)).toMatchObject({
      kind: 'retry',
      last: { id: 'b', revision: 4 },
    });
  });

  it('calls a stored id with other data or another type a reuse', () => {
    expect(findPriorAppend([sent('a', { n: 2 })], [stored(a, 0)])).toEqual({ kind: 'reused', eventId: 'a' });
    expect(findPriorAppend([{ ...a, type: 'Tocked' }], [stored(a, 0)])).toEqual({
      kind: 'reused',
      eventId: 'a',
    });
  });

  it('calls an append of which only part is stored a reuse', () => {
    expect(findPriorAppend([a, b], [stored(b, 0)])).toEqual({ kind: 'reused', eventId: 'b' });
  });
});
