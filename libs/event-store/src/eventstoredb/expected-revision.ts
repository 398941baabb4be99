import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AppendExpectedRevision,
  type CurrentRevision,
} from '@eventstore/db-client';
import { InvalidAppendError } from '../errors';
import type { ExpectedRevision } from '../port';

/** The port's expectation in the driver's terms; an exact revision must be a whole number ≥ 0. */
export function toDbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0)
        throw new InvalidAppendError(`Expected revision ${String(expected)} is not a revision`);
      return BigInt(expected);
  }
}

/** The server's idea of the stream's current revision, as the port's conflict error reports it. */
export const fromDbCurrentRevision = (current: CurrentRevision): number | 'no_stream' =>
  current === NO_STREAM ? 'no_stream' : Number(current);

/** First revision a successful append at `expected` wrote: where a retry finds its own events. */
export function firstRevisionWrittenAt(expected: 'no_stream' | number): number {
  return expected === 'no_stream' ? 0 : expected + 1;
}
