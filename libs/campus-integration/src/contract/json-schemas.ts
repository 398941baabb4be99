import { z } from 'zod';
import { campusEventDataSchemas, campusEventTypes, type CampusEventType } from './campus-event-data';
import { cloudEventEnvelopeSchema } from './campus-event';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema draft-07 (what AsyncAPI 3 schemas build on). `input`: what a sender may put on the wire,
 * e.g. a money amount as string or number, before it is normalised.
 */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-7',
  });
  return jsonSchema;
}

/** JSON Schema of each campus event type's `data`, derived from the zod schemas that validate it. */
export const campusDataJsonSchemas = (): Record<CampusEventType, JsonSchema> =>
  Object.fromEntries(
    campusEventTypes.map((type) => [type, toJsonSchema(campusEventDataSchemas[type])]),
  ) as Record<CampusEventType, JsonSchema>;

/** JSON Schema of the CloudEvents envelope as the contract narrows it. */
export const cloudEventEnvelopeJsonSchema = (): JsonSchema => toJsonSchema(cloudEventEnvelopeSchema);
