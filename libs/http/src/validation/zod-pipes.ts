import { applyDecorators, Body, Query, type PipeTransform } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { InvalidRequestProblem } from '../problem/problem';

/** Validates at the edge and names every bad field: `{ field: 'amount.currency', message }`. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.infer<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly what: string,
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const errors = result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    }));
    throw new InvalidRequestProblem(
      `The ${this.what} is invalid: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}

export const ValidBody = (schema: z.ZodType): ParameterDecorator =>
  Body(new ZodValidationPipe(schema, 'request body'));

export const ValidQuery = (schema: z.ZodType): ParameterDecorator =>
  Query(new ZodValidationPipe(schema, 'query'));

/** Documents the body in OpenAPI from the same zod schema that validates it. */
export const ApiZodBody = (schema: z.ZodType): MethodDecorator =>
  applyDecorators(
    ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object }),
  );
