import { CloudEvent, CONSTANTS, Kafka, type KafkaMessage } from 'cloudevents';
import {
  CampusEventRejected,
  toCampusEvent,
  type CampusEvent,
  type CampusEventOptions,
} from './campus-event';
import { NotJsonError, parseJsonLosslessly } from './lossless-json';

/** What the campus pipeline needs of a Kafka record (kafkajs gives Buffers). */
export interface IncomingKafkaRecord {
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

const textOf = (value: Buffer | string | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : value.toString();

/** Header values as the cloudevents SDK expects them: lower-case names, strings. */
export function headerStrings(record: IncomingKafkaRecord): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    const text = textOf(first);
    if (text !== undefined) headers[name.toLowerCase()] = text;
  }
  return headers;
}

const BINARY_ID_HEADER = 'ce_id';

function parseJson(text: string, what: string): unknown {
  try {
    return parseJsonLosslessly(text);
  } catch (error) {
    if (error instanceof NotJsonError)
      throw new CampusEventRejected('not-json', `${what} is not JSON: ${error.message}`);
    throw error;
  }
}

/**
 * A Kafka record to a campus event, in structured mode (the CloudEvent as the value) or binary mode
 * (`ce_*` headers, `data` as the value). The cloudevents SDK detects the mode and validates the
 * envelope; the JSON is read again losslessly so that money amounts stay exact.
 */
export function campusEventFromKafka(record: IncomingKafkaRecord, options: CampusEventOptions): CampusEvent {
  const headers = headerStrings(record);
  const value = textOf(record.value) ?? '';
  const binary = headers[BINARY_ID_HEADER] !== undefined;
  // A value with neither ce_ headers nor a content type is read as a structured CloudEvent.
  headers[CONSTANTS.HEADER_CONTENT_TYPE] ??= binary ? CONSTANTS.MIME_JSON : CONSTANTS.DEFAULT_CE_CONTENT_TYPE;
  const data = binary && value.length === 0 ? undefined : parseJson(value, 'The message value');
  const event = toCampusEvent(binary ? binaryEnvelope(headers, data) : data, options);
  assertSdkReadsIt({
    key: textOf(record.key) ?? '',
    value,
    headers,
    body: value,
  });
  return event;
}

/** The cloudevents SDK's Kafka binding must read the record too (mode, headers, spec validation). */
function assertSdkReadsIt(message: KafkaMessage): void {
  try {
    const event = Kafka.toEvent(message);
    if (!(event instanceof CloudEvent))
      throw new CampusEventRejected('invalid-cloudevent', 'A batch is not accepted on Kafka: one event each');
    event.validate();
  } catch (error) {
    if (error instanceof CampusEventRejected) throw error;
    throw new CampusEventRejected(
      'invalid-cloudevent',
      `Not a valid CloudEvent: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Binary mode: attributes from the `ce_*` headers, the content type from `content-type`. */
function binaryEnvelope(headers: Readonly<Record<string, string>>, data: unknown): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers))
    if (name.startsWith('ce_')) envelope[name.slice(3)] = value;
  envelope.datacontenttype = headers[CONSTANTS.HEADER_CONTENT_TYPE];
  if (data !== undefined) envelope.data = data;
  return envelope;
}
