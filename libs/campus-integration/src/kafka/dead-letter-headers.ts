import type { IHeaders } from 'kafkajs';

/** Headers a dead letter carries besides the original ones: why, and where it came from. */
export const deadLetterHeaders = {
  reason: 'error.reason',
  message: 'error.message',
  topic: 'origin.topic',
  partition: 'origin.partition',
  offset: 'origin.offset',
} as const;

const added: readonly string[] = Object.values(deadLetterHeaders);

export interface DeadLetterOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export function withDeadLetterHeaders(
  headers: IHeaders | undefined,
  origin: DeadLetterOrigin,
  reason: string,
  message: string,
): IHeaders {
  return {
    ...headers,
    [deadLetterHeaders.reason]: reason,
    // Kafka headers are bytes; a very long message is cut so the record stays small.
    [deadLetterHeaders.message]: message.slice(0, 2000),
    [deadLetterHeaders.topic]: origin.topic,
    [deadLetterHeaders.partition]: String(origin.partition),
    [deadLetterHeaders.offset]: origin.offset,
  };
}

const text = (value: IHeaders[string]): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.toString();

/** A dead letter's original headers and where it came from, for a replay. */
export function originalOf(headers: IHeaders | undefined): {
  readonly headers: IHeaders;
  readonly origin: DeadLetterOrigin | undefined;
} {
  const all = headers ?? {};
  const topic = text(all[deadLetterHeaders.topic]);
  const partition = text(all[deadLetterHeaders.partition]);
  const offset = text(all[deadLetterHeaders.offset]);
  const original = Object.fromEntries(Object.entries(all).filter(([name]) => !added.includes(name)));
  return {
    headers: original,
    origin:
      topic !== undefined && partition !== undefined && offset !== undefined
        ? { topic, partition: Number(partition), offset }
        : undefined,
  };
}
