import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { InvalidAppendError } from '../errors';
import { firstRevisionWrittenAt, fromDbCurrentRevision, toDbExpectedRevision } from './expected-revision';

describe('expected revision mapping', () => {
  it.each([
    ['no_stream', NO_STREAM],
    ['any', ANY],
    ['stream_exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
  ] as const)('maps %p to the driver expectation %p', (expected, driver) => {
    expect(toDbExpectedRevision(expected)).toBe(driver);
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('refuses %p as an exact revision', (revision) => {
    expect(() => toDbExpectedRevision(revision)).toThrow(InvalidAppendError);
  });

  it("reports the server's current revision as the port's conflict does", () => {
    expect(fromDbCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(fromDbCurrentRevision(7n)).toBe(7);
  });

  it('knows where a successful append at an expectation put its first event', () => {
    expect(firstRevisionWrittenAt('no_stream')).toBe(0);
    expect(firstRevisionWrittenAt(4)).toBe(5);
  });
});
