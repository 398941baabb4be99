import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

interface Received {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly value: string;
}

// With the default (murmur2) partitioner these hash to all three partitions, two of them sharing one.
const keys = ['acme', 'globex', 'initech', 'stark'];
const perKey = 5;
const sent = keys.flatMap((key) =>
  Array.from({ length: perKey }, (_, seq) => ({ key, value: `${key}#${seq}` })),
);

function brokers(): string[] {
  const configured = process.env.KAFKA_BROKERS;
  // Never a silent skip: the jest global setup provides a broker or fails before we get here.
  if (!configured)
    throw new Error('KAFKA_BROKERS is not set: run through jest so test/support/kafka.ts runs');
  return configured.split(',').map((broker) => broker.trim());
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Kafka broker (smoke)', () => {
  // Silent: a fresh broker answers the first requests with retriable errors that kafkajs logs as ERROR.
  const kafka = new Kafka({
    clientId: 'continuum-kafka-smoke',
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
  });
  const topic = `smoke-${randomUUID()}`;
  const groupId = `smoke-${randomUUID()}`;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    consumer = kafka.consumer({ groupId });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    // The broker outlives this file (and may be a shared one), so leave nothing behind.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('delivers keyed messages once, in order per partition, and commits the group offsets', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);

    await producer.send({ topic, acks: -1, messages: sent });

    const received: Received[] = [];
    let crashed: Error | undefined;
    // With the logs off, a consumer that gives up must still fail the test with its reason.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) crashed = payload.error;
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          partition,
          offset: BigInt(message.offset),
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
    await eventually(() => {
      if (crashed) throw crashed;
      return received.length >= sent.length;
    }, `${sent.length} messages`);

    // Exactly once each, with its key.
    expect(
      received.map(({ key, value }) => ({ key, value })).sort((a, b) => a.value.localeCompare(b.value)),
    ).toEqual([...sent].sort((a, b) => a.value.localeCompare(b.value)));
    const partitions = new Set(received.map((message) => message.partition));
    expect(partitions.size).toBe(3);
    for (const partition of partitions) {
      const offsets = received.filter((message) => message.partition === partition).map((m) => m.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    for (const key of keys) {
      const ofKey = received.filter((message) => message.key === key);
      expect(new Set(ofKey.map((message) => message.partition)).size).toBe(1);
      expect(ofKey.map((message) => message.value)).toEqual(
        Array.from({ length: perKey }, (_, seq) => `${key}#${seq}`),
      );
    }

    // The group's committed offset reaches the end of every partition.
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
    await eventually(async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (committed?.partitions ?? []).every((p) => p.offset === ends.get(p.partition));
    }, 'committed offsets to reach the end of each partition');
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
      [...ends.entries()].sort(),
    );
  }, 60000);
});
