import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { CampusMetrics, LagReading } from './campus-metrics';
import type { CampusRecordHandler } from './campus-record-handler';
import { createTopicsSettled } from './create-topics';

export interface CampusConsumerOptions {
  readonly topics: readonly string[];
  readonly groupId: string;
  readonly dlqSuffix: string;
  /** Partitions processed at once, over all lanes; each stays in order. */
  readonly partitionsConcurrently: number;
  /**
   * Group members this consumer runs (default 1), each fetching its share of the partitions on its own:
   * kafkajs fetches again only when every batch of a member's last fetch is done.
   */
  readonly lanes?: number;
  /** Within a partition, messages of different keys run side by side, each key in order. */
  readonly keysConcurrently?: number;
  /** Partitions of a topic created at start; existing topics are left as they are. */
  readonly topicPartitions: number;
  readonly onError?: (error: Error) => void;
}

const keyOf = (message: KafkaMessage): string => message.key?.toString() ?? '';

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  const outcomes = await Promise.allSettled(runners);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * One consumer group over the campus topics. At least once: an offset is resolved (and so committed)
 * only once its record is applied or dead-lettered; a passing failure retries from there.
 */
export class CampusConsumer {
  private readonly consumers: Consumer[];
  private readonly admin: Admin;

  constructor(
    kafka: Kafka,
    private readonly handler: CampusRecordHandler,
    private readonly metrics: CampusMetrics,
    private readonly options: CampusConsumerOptions,
  ) {
    this.consumers = Array.from({ length: Math.max(1, options.lanes ?? 1) }, () =>
      kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false }),
    );
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await ensureTopics(this.admin, this.options);
    this.metrics.readLagWith(() => this.lag());
    const perLane = Math.ceil(this.options.partitionsConcurrently / this.consumers.length);
    for (const consumer of this.consumers) {
      await consumer.connect();
      consumer.on(consumer.events.CRASH, ({ payload }) => this.options.onError?.(payload.error));
      // A new group starts at the beginning: nothing sent before the first deployment is skipped.
      await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: perLane,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    }
  }

  async stop(): Promise<void> {
    this.metrics.readLagWith(undefined);
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.admin.disconnect();
  }

  /** Committed offset behind the end of each partition (from the start when nothing is committed). */
  async lag(): Promise<LagReading[]> {
    const readings: LagReading[] = [];
    const committed = await this.admin.fetchOffsets({
      groupId: this.options.groupId,
      topics: [...this.options.topics],
    });
    for (const { topic, partitions } of committed) {
      const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition);
        const at = Number(offset) < 0 ? Number(end?.low ?? 0) : Number(offset);
        readings.push({ topic, partition, lag: Math.max(0, Number(end?.high ?? 0) - at) });
      }
    }
    return readings;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const parsed = new Map(batch.messages.map((message) => [message, this.handler.parse(message)]));
    const inbox = await this.handler.session([...parsed.values()]);
    const byKey = new Map<string, KafkaMessage[]>();
    for (const message of batch.messages) {
      const key = keyOf(message);
      const sameKey = byKey.get(key);
      if (sameKey) sameKey.push(message);
      else byKey.set(key, [message]);
    }
    const done = new Set<string>();
    let failure: Error | undefined;
    try {
      await eachLimited([...byKey.values()], this.options.keysConcurrently ?? 8, async (messages) => {
        for (const message of messages) {
          if (!payload.isRunning() || payload.isStale()) return;
          const origin = { topic, partition, offset: message.offset };
          await this.handler.handle(origin, message, parsed.get(message), inbox);
          done.add(message.offset);
          await payload.heartbeat();
        }
      });
    } catch (error) {
      failure = error instanceof Error ? error : new Error('A campus record failed', { cause: error });
    }
    // The inbox rows first, then the unbroken run of finished offsets: a later key's work is redone, idempotently.
    await inbox.flush();
    for (const message of batch.messages) {
      if (!done.has(message.offset)) break;
      payload.resolveOffset(message.offset);
    }
    if (failure) throw failure;
  }
}

async function ensureTopics(admin: Admin, options: CampusConsumerOptions): Promise<void> {
  const wanted = options.topics.flatMap((topic) => [topic, `${topic}${options.dlqSuffix}`]);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await createTopicsSettled(
    admin,
    missing.map((topic) => ({ topic, numPartitions: options.topicPartitions })),
  );
}
