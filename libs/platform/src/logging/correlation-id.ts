import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithCorrelationId } from './request-context';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

// Letters, digits and a few separators only: the value is echoed in headers and written to logs.
const ACCEPTABLE = /^[\w.:-]{1,128}$/;

/** The caller's X-Correlation-Id when well-formed, else a new UUID; fixed on the request once chosen. */
export function correlationIdOf(request: IncomingMessage & { id?: unknown }): string {
  if (typeof request.id === 'string') return request.id;
  const offered = request.headers[CORRELATION_ID_HEADER.toLowerCase()];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  request.id = id;
  return id;
}

/** Echoes the correlation id and runs the rest of the request inside its context. */
export function correlationIdMiddleware(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  const id = correlationIdOf(request);
  response.setHeader(CORRELATION_ID_HEADER, id);
  runWithCorrelationId(id, next);
}
