import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { formatPosition, type GlobalPosition } from '@continuum/event-store';
import type { Request, Response } from 'express';
import { InvalidRequestProblem } from '../problem/problem';

/** `If-Match: "3"` (or W/"3") → 3; absent or `*` → undefined (the server then retries races itself). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(-?\d+)"?$/.exec(header.trim());
  if (!match?.[1]) {
    throw new InvalidRequestProblem('If-Match must be a revision ETag such as "3"', [
      { field: 'If-Match', message: 'not a revision' },
    ]);
  }
  return Number(match[1]);
}

export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined =>
  parseIfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
);

export const etagOf = (revision: number): string => `"${revision}"`;

export interface CommandAccepted {
  readonly id: string;
  readonly revision: number;
  /** Pass as `minPosition` to a query to read your own write. */
  readonly position: string | null;
}

/** Sets the stream revision as ETag and returns what a client needs to read its own write. */
export function accepted(
  response: Response,
  id: string,
  outcome: { revision: number; position: GlobalPosition | undefined },
): CommandAccepted {
  response.setHeader('ETag', etagOf(outcome.revision));
  return {
    id,
    revision: outcome.revision,
    position: outcome.position ? formatPosition(outcome.position) : null,
  };
}
