import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@continuum/kernel';
import { EventIdReusedError, InvalidAppendError, WrongExpectedRevisionError } from '@continuum/event-store';
import type { Request, Response } from 'express';
import { ProblemException, problemType } from './problem';

const statusOfKind: Record<DomainErrorKind, number> = { rule: 409, not_found: 404, invalid: 422 };

const codeOfStatus = (status: number): string =>
  ({
    400: 'bad-request',
    404: 'not-found',
    405: 'method-not-allowed',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
  })[status] ?? `http-${status}`;

/** Turns any error into an RFC 9457 problem document with a stable `type`; hides internals on 500. */
export function toProblem(error: unknown, request: Request): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) {
    return new ProblemException(
      statusOfKind[error.kind],
      error.code,
      error.message,
      error.message,
      error.details,
    );
  }
  if (error instanceof WrongExpectedRevisionError) {
    const pinned = request.headers['if-match'] !== undefined;
    const details = { stream: error.stream, currentRevision: error.actual };
    return pinned
      ? new ProblemException(412, 'stale-revision', 'Precondition failed', error.message, details)
      : new ProblemException(409, 'concurrency-conflict', 'Concurrent update', error.message, details);
  }
  if (error instanceof EventIdReusedError) {
    return new ProblemException(409, 'idempotency-key-reused', 'Idempotency key reused', error.message);
  }
  if (error instanceof InvalidAppendError) {
    return new ProblemException(422, 'invalid-append', 'Invalid change', error.message);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return new ProblemException(status, codeOfStatus(status), error.name, error.message);
  }
  return new ProblemException(500, 'internal-error', 'Internal error', 'Something went wrong on our side');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblem(error, request);
    if (problem.status >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : error);
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({
        // Extensions first: a domain detail named like a standard member (e.g. `status`) must not replace it.
        ...problem.extensions,
        type: problemType(problem.code),
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        instance: request.originalUrl,
        code: problem.code,
      });
  }
}
