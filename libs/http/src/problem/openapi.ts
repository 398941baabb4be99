import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { ApiResponseOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { problemType } from './problem';

export const problemSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: {
      type: 'string',
      description: 'Stable URI reference per error code, e.g. /problems/gift-not-found',
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** OpenAPI response for a problem document, naming the problem types the route can answer with. */
export const problemResponse = (
  codes: string | readonly string[],
  description: string,
): ApiResponseOptions => {
  const list = typeof codes === 'string' ? [codes] : codes;
  return {
    description: `${description}. Problem types: ${list.map(problemType).join(', ')}`,
    content: { 'application/problem+json': { schema: problemSchema } },
  };
};

/** Documents the problem types a route may answer with, grouped by their HTTP status. */
export const ApiProblems = (codes: readonly string[]): MethodDecorator => {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = statusOfProblemCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({ status, ...problemResponse(list, `Refused (${status})`) }),
    ),
  );
};

/** Conventional statuses of the edge's own codes; domain codes default to 409 unless they name a missing thing. */
function statusOfProblemCode(code: string): number {
  if (code === 'invalid-request' || code === 'invalid-if-match') return 400;
  if (code === 'stale-revision') return 412;
  if (code.endsWith('-not-found')) return 404;
  if (code.startsWith('invalid-') || code.endsWith('-required') || code.startsWith('unknown-')) return 422;
  return 409;
}
