import type { ExpectedRevision } from './port';

/** Base of every error the port raises, whatever adapter is behind it. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not where the writer expected it: reload, decide again, retry. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${stream} expected at ${String(expected)} but is at ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id was reused for different content: a retry must resend exactly what it sent. */
export class EventIdReusedError extends EventStoreError {
  readonly code = 'EVENT_ID_REUSED';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} was already appended with different content`);
    this.name = 'EventIdReusedError';
  }
}

export class InvalidAppendError extends EventStoreError {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
