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
