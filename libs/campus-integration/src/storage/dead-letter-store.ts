import type { Pool } from 'pg';
import type { DeadLetterReason } from '../contract';

/** Where a dead-lettered Kafka record came from and why it could not be applied. */
export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly reason: DeadLetterReason;
  readonly message: string;
  readonly dlqTopic: string;
  readonly dlqPartition?: number;
  readonly dlqOffset?: string;
  readonly eventSource?: string;
  readonly eventId?: string;
  readonly eventType?: string;
}

export interface DeadLetterView extends DeadLetter {
  readonly id: string;
  readonly deadLetteredAt: string;
  readonly replayed: boolean;
  readonly replayedAt: string | null;
}

export interface DeadLetterFilter {
  readonly topic?: string;
  readonly reason?: string;
  readonly replayed?: boolean;
  /** Rows with a smaller id (newest first). */
  readonly before?: string;
  readonly limit: number;
}

interface DeadLetterRecord {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  message_key: string | null;
  reason: DeadLetterReason;
  message: string;
  dlq_topic: string;
  dlq_partition: number | null;
  dlq_offset: string | null;
  event_source: string | null;
  event_id: string | null;
  event_type: string | null;
  dead_lettered_at: Date;
  replayed: boolean;
  replayed_at: Date | null;
}

const toView = (row: DeadLetterRecord): DeadLetterView => ({
  id: row.id,
  topic: row.topic,
  partition: row.partition,
  offset: row.offset,
  key: row.message_key,
  reason: row.reason,
  message: row.message,
  dlqTopic: row.dlq_topic,
  ...(row.dlq_partition === null ? {} : { dlqPartition: row.dlq_partition }),
  ...(row.dlq_offset === null ? {} : { dlqOffset: row.dlq_offset }),
  ...(row.event_source === null ? {} : { eventSource: row.event_source }),
  ...(row.event_id === null ? {} : { eventId: row.event_id }),
  ...(row.event_type === null ? {} : { eventType: row.event_type }),
  deadLetteredAt: row.dead_lettered_at.toISOString(),
  replayed: row.replayed,
  replayedAt: row.replayed_at?.toISOString() ?? null,
});

/** Dead letters in PostgreSQL, so operators can list them and replays can mark them. */
export class DeadLetterStore {
  constructor(private readonly pool: Pool) {}

  /** Once per origin record: a redelivered record dead-lettered again keeps its first row. */
  async record(letter: DeadLetter): Promise<void> {
    await this.pool.query(
      `INSERT INTO campus_integration.dead_letters
         (topic, "partition", "offset", message_key, reason, message, dlq_topic, dlq_partition, dlq_offset,
          event_source, event_id, event_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (topic, "partition", "offset") DO NOTHING`,
      [
        letter.topic,
        letter.partition,
        letter.offset,
        letter.key,
        letter.reason,
        letter.message,
        letter.dlqTopic,
        letter.dlqPartition ?? null,
        letter.dlqOffset ?? null,
        letter.eventSource ?? null,
        letter.eventId ?? null,
        letter.eventType ?? null,
      ],
    );
  }

  async list(filter: DeadLetterFilter): Promise<DeadLetterView[]> {
    const result = await this.pool.query<DeadLetterRecord>(
      `SELECT * FROM campus_integration.dead_letters
       WHERE ($1::text IS NULL OR topic = $1) AND ($2::text IS NULL OR reason = $2)
         AND ($3::boolean IS NULL OR replayed = $3) AND ($4::bigint IS NULL OR id < $4)
       ORDER BY id DESC LIMIT $5`,
      [
        filter.topic ?? null,
        filter.reason ?? null,
        filter.replayed ?? null,
        filter.before ?? null,
        filter.limit,
      ],
    );
    return result.rows.map(toView);
  }

  async findByOrigin(topic: string, partition: number, offset: string): Promise<DeadLetterView | undefined> {
    const result = await this.pool.query<DeadLetterRecord>(
      `SELECT * FROM campus_integration.dead_letters WHERE topic = $1 AND "partition" = $2 AND "offset" = $3`,
      [topic, partition, offset],
    );
    const row = result.rows[0];
    return row && toView(row);
  }

  async markReplayed(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE campus_integration.dead_letters SET replayed = true, replayed_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** A replay that failed again: the row says why now. */
  async updateReason(id: string, reason: DeadLetterReason, message: string): Promise<void> {
    await this.pool.query(
      `UPDATE campus_integration.dead_letters SET reason = $2, message = $3 WHERE id = $1`,
      [id, reason, message],
    );
  }
}
