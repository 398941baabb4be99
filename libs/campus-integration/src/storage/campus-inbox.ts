import type { Pool } from 'pg';

export type InboxStatus = 'applied' | 'dead-lettered';

export interface InboxEntry {
  readonly contentHash: string;
  readonly status: InboxStatus;
}

export interface InboxRecord {
  readonly source: string;
  readonly eventId: string;
  readonly contentHash: string;
  readonly eventType: string;
}

/** What ingestion asks of the inbox: one row per campus message (source, id) handled. */
export interface InboxSession {
  find(source: string, eventId: string): Promise<InboxEntry | undefined>;
  /** After the effects are stored; a racer that stored them too (same ids) finds the row there. */
  recordApplied(record: InboxRecord, partnerId: string | undefined): Promise<void>;
  /** A refused message keeps its content hash: the same id with other content is a conflict later too. */
  recordDeadLettered(record: InboxRecord): Promise<void>;
}

interface Row extends InboxRecord {
  readonly status: InboxStatus;
  readonly partnerId: string | null;
}

const keyOf = (source: string, eventId: string): string => `${source}\u001f${eventId}`;

/** The inbox table: how a redelivery is told from a new message. */
export class CampusInbox implements InboxSession {
  constructor(private readonly pool: Pool) {}

  async find(source: string, eventId: string): Promise<InboxEntry | undefined> {
    return (await this.findMany([{ source, eventId }])).get(keyOf(source, eventId));
  }

  recordApplied(record: InboxRecord, partnerId: string | undefined): Promise<void> {
    return this.recordMany([{ ...record, status: 'applied', partnerId: partnerId ?? null }]);
  }

  recordDeadLettered(record: InboxRecord): Promise<void> {
    return this.recordMany([{ ...record, status: 'dead-lettered', partnerId: null }]);
  }

  /** A Kafka batch's view of the inbox: looked up in one query, written in one statement by `flush`. */
  async session(keys: readonly { source: string; eventId: string }[]): Promise<BatchedInbox> {
    return new BatchedInbox(this, await this.findMany(keys));
  }

  async findMany(keys: readonly { source: string; eventId: string }[]): Promise<Map<string, InboxEntry>> {
    const found = new Map<string, InboxEntry>();
    if (keys.length === 0) return found;
    const result = await this.pool.query<{
      source: string;
      event_id: string;
      content_hash: string;
      status: InboxStatus;
    }>({
      name: 'campus-inbox-find',
      text: `SELECT source, event_id, content_hash, status FROM campus_integration.inbox
       WHERE (source, event_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      values: [keys.map((key) => key.source), keys.map((key) => key.eventId)],
    });
    for (const row of result.rows)
      found.set(keyOf(row.source, row.event_id), { contentHash: row.content_hash, status: row.status });
    return found;
  }

  /** An applied row replaces a dead-lettered one with the same content; nothing replaces an applied row. */
  async recordMany(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query({
      name: 'campus-inbox-record',
      text: `INSERT INTO campus_integration.inbox
         (source, event_id, content_hash, event_type, status, partner_id, applied_at)
       SELECT source, event_id, content_hash, event_type, status, partner_id,
              CASE WHEN status = 'applied' THEN now() END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS row(source, event_id, content_hash, event_type, status, partner_id)
       ON CONFLICT (source, event_id) DO UPDATE SET status = 'applied', partner_id = EXCLUDED.partner_id,
         applied_at = EXCLUDED.applied_at
       WHERE inbox.content_hash = EXCLUDED.content_hash AND EXCLUDED.status = 'applied'`,
      values: [
        rows.map((row) => row.source),
        rows.map((row) => row.eventId),
        rows.map((row) => row.contentHash),
        rows.map((row) => row.eventType),
        rows.map((row) => row.status),
        rows.map((row) => row.partnerId),
      ],
    });
  }
}

/** Buffers a batch's inbox writes; the consumer flushes them before it resolves the batch's offsets. */
export class BatchedInbox implements InboxSession {
  private readonly pending = new Map<string, Row>();

  constructor(
    private readonly inbox: CampusInbox,
    private readonly known: Map<string, InboxEntry>,
  ) {}

  find(source: string, eventId: string): Promise<InboxEntry | undefined> {
    return Promise.resolve(this.known.get(keyOf(source, eventId)));
  }

  recordApplied(record: InboxRecord, partnerId: string | undefined): Promise<void> {
    this.remember({ ...record, status: 'applied', partnerId: partnerId ?? null });
    return Promise.resolve();
  }

  recordDeadLettered(record: InboxRecord): Promise<void> {
    if (!this.known.has(keyOf(record.source, record.eventId)))
      this.remember({ ...record, status: 'dead-lettered', partnerId: null });
    return Promise.resolve();
  }

  async flush(): Promise<void> {
    const rows = [...this.pending.values()];
    this.pending.clear();
    await this.inbox.recordMany(rows);
  }

  private remember(row: Row): void {
    const key = keyOf(row.source, row.eventId);
    this.pending.set(key, row);
    this.known.set(key, { contentHash: row.contentHash, status: row.status });
  }
}
