import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError as DriverStreamDeletedError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  EventIdReusedError,
  EventStoreError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../errors';
import {
  EventStoreAccessDeniedError,
  EventStoreOperationError,
  EventStoreUnavailableError,
  StreamDeletedError,
  isTransientDriverError,
  mapDriverError,
} from './driver-errors';

const wrongVersion = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'gift-1', expected: 0n, current });

describe('EventStoreDB error mapping', () => {
  it("maps a wrong expected version to the port's conflict, with the caller's expectation and the actual revision", () => {
    const mapped = mapDriverError(wrongVersion(2n), { stream: 'gift-1', expected: 0 });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      stream: 'gift-1',
      expected: 0,
      actual: 2,
    });
    expect(mapDriverError(wrongVersion(NO_STREAM), { expected: 'stream_exists' })).toMatchObject({
      stream: 'gift-1',
      expected: 'stream_exists',
      actual: 'no_stream',
    });
  });

  it('maps refused appends (too large, invalid) to InvalidAppendError', () => {
    expect(mapDriverError(MaxAppendSizeExceededError.fromMaxAppendSize(1024))).toBeInstanceOf(
      InvalidAppendError,
    );
    expect(mapDriverError(new InvalidArgumentError('bad uuid'))).toBeInstanceOf(InvalidAppendError);
  });

  it('maps a deleted stream, a refused user and an unreachable cluster to errors saying so', () => {
    expect(mapDriverError(DriverStreamDeletedError.fromStreamName('gift-9'))).toMatchObject({
      code: 'STREAM_DELETED',
      stream: 'gift-9',
    });
    expect(mapDriverError(new AccessDeniedError(undefined, 'no $all'))).toBeInstanceOf(
      EventStoreAccessDeniedError,
    );
    for (const error of [
      new UnavailableError(undefined, 'connect ECONNREFUSED'),
      new DeadlineExceededError(undefined, 'deadline'),
      new CancelledError(undefined, 'cancelled'),
    ])
      expect(mapDriverError(error)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('wraps anything else, keeping the cause, and passes the port’s own errors through', () => {
    const unknown = new UnknownError(undefined, 'boom');
    const mapped = mapDriverError(unknown);
    expect(mapped).toBeInstanceOf(EventStoreOperationError);
    expect(mapped).toBeInstanceOf(EventStoreError);
    expect(mapped.cause).toBe(unknown);
    expect(mapDriverError(new TypeError('oops'))).toBeInstanceOf(EventStoreOperationError);
    expect(mapDriverError('text')).toBeInstanceOf(EventStoreOperationError);
    const own = new EventIdReusedError('x');
    expect(mapDriverError(own)).toBe(own);
  });

  it('treats only connection trouble as worth resubscribing after', () => {
    expect(isTransientDriverError(new UnavailableError(undefined, 'down'))).toBe(true);
    expect(isTransientDriverError(new EventStoreUnavailableError('ended'))).toBe(true);
    expect(isTransientDriverError(wrongVersion(1n))).toBe(false);
    expect(isTransientDriverError(new AccessDeniedError(undefined, 'no'))).toBe(false);
    expect(isTransientDriverError(new Error('handler'))).toBe(false);
    expect(new StreamDeletedError('s')).toBeInstanceOf(EventStoreError);
  });
});
