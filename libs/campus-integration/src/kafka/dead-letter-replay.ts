import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { CampusIngestion } from '../inbound/campus-ingestion';
import type { DeadLetterStore } from '../storage/dead-letter-store';
import { attemptCampusRecord } from './campus-record-handler';
import { originalOf } from './dead-letter-headers';

export interface ReplayOptions {
  /** The origin topic: its dead letters are read from `topic + dlqSuffix`. */
  readonly topic: string;
  readonly dlqSuffix: string;
  readonly sources: readonly string[];
  readonly log?: (line: string) => void;
}

export interface ReplayReport {
  /** Applied now (or found already applied): marked replayed. */
  readonly replayed: number;
  /** Still refused: left as dead letters, with the reason updated. */
  readonly stillFailing: number;
  /** Replayed before: skipped. */
  readonly skipped: number;
}

/**
 * Feeds what is on `<topic>.dlq` now back through the same pipeline (same inbox, same event ids), so a
 * fixed cause lets it apply and a message already applied stays a duplicate. Marks each one replayed.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  ingestion: CampusIngestion,
  deadLetters: DeadLetterStore,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const dlqTopic = `${options.topic}${options.dlqSuffix}`;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `continuum-dlq-replay-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const report = { replayed: 0, stillFailing: 0, skipped: 0 };
  try {
    // No dead-letter topic: nothing was ever dead-lettered from this topic.
    if (!(await admin.listTopics()).includes(dlqTopic)) return report;
    // Only what is there now: a message dead-lettered during the replay waits for the next one.
    const ends = new Map(
      (await admin.fetchTopicOffsets(dlqTopic)).map((p) => [
        p.partition,
        { low: BigInt(p.low), high: BigInt(p.high) },
      ]),
    );
    const pending = new Set(
      [...ends].filter(([, { low, high }]) => high > low).map(([partition]) => partition),
    );
    if (pending.size === 0) return report;
    let finish: (() => void) | undefined;
    let fail: ((error: unknown) => void) | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => fail?.(payload.error));
    await consumer.connect();
    await consumer.subscribe({ topics: [dlqTopic], fromBeginning: true });
    const replayOne = async (partition: number, message: KafkaMessage): Promise<void> => {
      const end = ends.get(partition)?.high ?? 0n;
      if (BigInt(message.offset) >= end) return;
      const { headers, origin } = originalOf(message.headers);
      const row = origin && (await deadLetters.findByOrigin(origin.topic, origin.partition, origin.offset));
      if (row?.replayed) report.skipped += 1;
      else {
        const attempt = await attemptCampusRecord(
          ingestion,
          { key: message.key, value: message.value, headers },
          options.sources,
        );
        if (attempt.ok) {
          report.replayed += 1;
          if (row) await deadLetters.markReplayed(row.id);
        } else {
          report.stillFailing += 1;
          if (row)
            await deadLetters.updateReason(row.id, attempt.rejection.reason, attempt.rejection.message);
          options.log?.(
            `${dlqTopic}[${partition}]@${message.offset}: still ${attempt.rejection.reason}: ${attempt.rejection.message}`,
          );
        }
      }
      if (BigInt(message.offset) + 1n >= end) {
        pending.delete(partition);
        if (pending.size === 0) finish?.();
      }
    };
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => replayOne(partition, message),
    });
    await finished;
    return report;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
