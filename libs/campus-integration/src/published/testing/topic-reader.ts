import { randomUUID } from 'node:crypto';
import { Kafka as CloudEventsKafka, type CloudEventV1, type KafkaMessage } from 'cloudevents';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { createTopicsSettled } from '../../kafka/create-topics';

export interface ReceivedMessage {
  readonly partition: number;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: string;
  readonly event: CloudEventV1<Record<string, unknown>>;
}

export function testBrokers(): string[] {
  const configured = process.env.KAFKA_BROKERS;
  // Never a silent skip: the jest global setup provides a broker or fails before we get here.
  if (!configured)
    throw new Error('KAFKA_BROKERS is not set: run through jest so test/support/kafka.ts runs');
  return configured.split(',').map((broker) => broker.trim());
}

export async function eventually(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a fresh topic from its start, parsing each message with the CloudEvents SDK as a receiver would. */
export class TopicReader {
  readonly messages: ReceivedMessage[] = [];
  private readonly next = new Map<number, bigint>();
  private crashed: Error | undefined;

  private constructor(
    readonly topic: string,
    private readonly admin: Admin,
    private readonly consumer: Consumer,
    private readonly groupId: string,
  ) {}

  static async start(topic: string, partitions = 3): Promise<TopicReader> {
    const kafka = new Kafka({
      clientId: 'publisher-test-reader',
      brokers: testBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsSettled(admin, [{ topic, numPartitions: partitions }]);
    const groupId = `publisher-test-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const reader = new TopicReader(topic, admin, consumer, groupId);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reader.crashed = payload.error;
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {}))
          if (value !== undefined) headers[name] = String(value);
        const key = message.key?.toString() ?? '';
        const value = message.value?.toString() ?? '';
        const kafkaMessage: KafkaMessage<string> = { key, value, headers, body: value };
        const event = CloudEventsKafka.toEvent(kafkaMessage) as CloudEventV1<Record<string, unknown>>;
        reader.messages.push({ partition, key, headers, value, event });
        reader.next.set(partition, BigInt(message.offset) + 1n);
        return Promise.resolve();
      },
    });
    return reader;
  }

  /** Every message the broker holds now has been read. */
  async caughtUp(): Promise<void> {
    const ends = await this.admin.fetchTopicOffsets(this.topic);
    await eventually(`${this.topic} to be read to its end`, () => {
      if (this.crashed) throw this.crashed;
      return ends.every(({ partition, high }) => (this.next.get(partition) ?? 0n) >= BigInt(high));
    });
  }

  /** Messages about these domain event ids, in arrival order. */
  about(ids: readonly string[]): ReceivedMessage[] {
    const wanted = new Set(ids);
    return this.messages.filter((message) => wanted.has(message.event.id));
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
    // The broker outlives this file (and may be a shared one), so leave nothing behind.
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
    await this.admin.deleteTopics({ topics: [this.topic] }).catch(() => undefined);
    await this.admin.disconnect();
  }
}
