import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { publishedEventSchemas } from '../published';
import { campusEventTypes } from './campus-event-data';
import { campusDataJsonSchemas, toJsonSchema, type JsonSchema } from './json-schemas';

/** DiagnosticSeverity.Error of the parser's diagnostics (@stoplight/types). */
const ERROR_SEVERITY = 0;

const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8');

interface Message {
  name: string;
  payload: { allOf: [unknown, { properties: { data: { $ref: string } } }] };
}
interface AsyncApiDocument {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, Message>; schemas: Record<string, JsonSchema> };
}
const document = parse(text) as AsyncApiDocument;

const schemaAt = (ref: string): JsonSchema => {
  const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];
  if (!schema) throw new Error(`${ref} is not in the document`);
  return schema;
};

/** The `data` schema the document gives a message type. */
function documentedData(type: string): JsonSchema {
  const message = Object.values(document.components.messages).find((candidate) => candidate.name === type);
  if (!message) throw new Error(`No message ${type} in docs/asyncapi.yaml`);
  return schemaAt(message.payload.allOf[1].properties.data.$ref);
}

/** Every `required` list and `enum` in a schema, by path: what senders and receivers rely on. */
function contractOf(schema: unknown, path = 'data'): Record<string, unknown> {
  if (schema === null || typeof schema !== 'object') return {};
  const node = schema as Record<string, unknown>;
  const found: Record<string, unknown> = {};
  if (Array.isArray(node.required)) found[`${path} required`] = [...(node.required as string[])].sort();
  if (Array.isArray(node.enum)) found[`${path} enum`] = node.enum;
  if (node.properties && typeof node.properties === 'object')
    found[`${path} properties`] = Object.keys(node.properties).sort();
  for (const [key, child] of Object.entries(node)) {
    const childPath = key === 'properties' ? path : `${path}.${key}`;
    if (key === 'properties')
      for (const [name, property] of Object.entries(child as Record<string, unknown>))
        Object.assign(found, contractOf(property, `${path}.${name}`));
    else if (typeof child === 'object') Object.assign(found, contractOf(child, childPath));
  }
  return found;
}

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.0.0 document', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((diagnostic) => (diagnostic.severity as number) === ERROR_SEVERITY);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
  });

  it('describes the six campus topics, their dead-letter topics and engagement.events', () => {
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    const campus = ['research', 'careers', 'advancement', 'curriculum', 'workforce', 'tech-transfer'].map(
      (system) => `campus.${system}.events`,
    );
    expect(addresses.sort()).toEqual(
      [...campus, ...campus.map((topic) => `${topic}.dlq`), 'engagement.events'].sort(),
    );
  });

  it.each(campusEventTypes.map((type) => [type]))(
    'gives %s the data schema the code validates with',
    (type) => {
      const code = campusDataJsonSchemas()[type];
      expect(contractOf(documentedData(type))).toEqual(contractOf(code));
      expect(documentedData(type)).toEqual(code);
    },
  );

  it.each(Object.keys(publishedEventSchemas).map((type) => [type]))(
    'gives the published %s the data schema the publisher validates with',
    (type) => {
      const code = toJsonSchema(publishedEventSchemas[type as keyof typeof publishedEventSchemas], 'output');
      expect(contractOf(documentedData(type))).toEqual(contractOf(code));
    },
  );
});
