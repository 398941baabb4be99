import { ErrorType, convertToCommandError, isCommandError } from '@eventstore/db-client';
import { EventStoreError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import type { ExpectedRevision } from '../port';
import { fromDbCurrentRevision } from './expected-revision';

/** No node could serve the request (down, no leader, timed out): safe to retry later. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: ErrorOptions) {
    super(`EventStoreDB unavailable: ${message}`, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The connection string's user may not do this (e.g. read `$all`): a deployment error. */
export class EventStoreAccessDeniedError extends EventStoreError {
  readonly code = 'EVENT_STORE_ACCESS_DENIED';
  constructor(message: string, options?: ErrorOptions) {
    super(`EventStoreDB refused access: ${message}`, options);
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** The stream was deleted or tombstoned in EventStoreDB (Continuum never does this itself). */
export class StreamDeletedError extends EventStoreError {
  readonly code = 'STREAM_DELETED';
  constructor(
    readonly stream: string,
    options?: ErrorOptions,
  ) {
    super(`Stream ${stream} was deleted in EventStoreDB`, options);
    this.name = 'StreamDeletedError';
  }
}

/** Any other failure of the driver or server, kept as the cause. */
export class EventStoreOperationError extends EventStoreError {
  readonly code = 'EVENT_STORE_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(`EventStoreDB operation failed: ${message}`, options);
    this.name = 'EventStoreOperationError';
  }
}

export interface ErrorContext {
  readonly stream?: string;
  readonly expected?: ExpectedRevision;
}

const TRANSIENT: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

/** Whether a driver error is of this type; some driver paths throw the raw gRPC error, which the driver classifies. */
export function isDriverError(thrown: unknown, type: ErrorType): boolean {
  if (!(thrown instanceof Error)) return false;
  const error = convertToCommandError(thrown);
  return isCommandError(error) && error.type === type;
}

/** Worth resubscribing after: the client reconnects (or finds the new leader) on the next call. */
export function isTransientDriverError(thrown: unknown): boolean {
  if (thrown instanceof EventStoreUnavailableError) return true;
  if (!(thrown instanceof Error)) return false;
  const error = convertToCommandError(thrown);
  return isCommandError(error) && TRANSIENT.has(error.type);
}

/** A driver error as one of the port's errors; the port's own errors pass through unchanged. */
export function mapDriverError(thrown: unknown, context: ErrorContext = {}): Error {
  if (thrown instanceof EventStoreError) return thrown;
  if (!(thrown instanceof Error)) return new EventStoreOperationError(String(thrown));
  // Some driver paths throw the raw gRPC error (e.g. `14 UNAVAILABLE`); the driver knows how to classify it.
  const error = convertToCommandError(thrown);
  if (!isCommandError(error)) return new EventStoreOperationError(error.message, { cause: error });
  const cause = { cause: error };
  if (error.type === ErrorType.WRONG_EXPECTED_VERSION)
    return new WrongExpectedRevisionError(
      context.stream ?? error.streamName,
      context.expected ?? 'any',
      fromDbCurrentRevision(error.actualVersion),
    );
  if (error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED || error.type === ErrorType.INVALID_ARGUMENT)
    return new InvalidAppendError(error.message);
  if (error.type === ErrorType.STREAM_DELETED)
    return new StreamDeletedError(context.stream ?? error.streamName, cause);
  if (error.type === ErrorType.ACCESS_DENIED) return new EventStoreAccessDeniedError(error.message, cause);
  return TRANSIENT.has(error.type)
    ? new EventStoreUnavailableError(error.message, cause)
    : new EventStoreOperationError(error.message, cause);
}
