import type { IHeaders, Producer } from 'kafkajs';
import { campusEventFromKafka, type CampusEvent, type CampusEventRejected } from '../contract';
import { rejectionOf, type CampusIngestion, type IngestOutcome } from '../inbound/campus-ingestion';
import type { BatchedInbox, CampusInbox, InboxSession } from '../storage/campus-inbox';
import type { DeadLetterStore } from '../storage/dead-letter-store';
import type { CampusMetrics } from './campus-metrics';
import { withDeadLetterHeaders, type DeadLetterOrigin } from './dead-letter-headers';

export interface CampusRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

export type RecordAttempt =
  | { readonly ok: true; readonly outcome: IngestOutcome }
  | { readonly ok: false; readonly rejection: CampusEventRejected; readonly event?: CampusEvent };

export interface CampusRecordHandlerOptions {
  readonly sources: readonly string[];
  readonly dlqSuffix: string;
}

/** A record read: the campus event, or why it is not one. */
export type ParsedRecord =
  { readonly event: CampusEvent } | { readonly event?: undefined; readonly rejection: CampusEventRejected };

export function parseCampusRecord(record: CampusRecord, sources: readonly string[]): ParsedRecord {
  try {
    return { event: campusEventFromKafka(record, { sources }) };
  } catch (error) {
    const rejection = rejectionOf(error);
    if (!rejection) throw error;
    return { rejection };
  }
}

/** Ingests a parsed record; throws only when the failure may pass (database or broker down). */
export async function attemptParsed(
  ingestion: CampusIngestion,
  parsed: ParsedRecord,
  inbox?: InboxSession,
): Promise<RecordAttempt> {
  const { event } = parsed;
  if (event === undefined) return { ok: false, rejection: parsed.rejection };
  try {
    return { ok: true, outcome: await ingestion.ingest(event, inbox ? { inbox } : {}) };
  } catch (error) {
    const rejection = rejectionOf(error);
    if (!rejection) throw error;
    return { ok: false, rejection, event };
  }
}

/** Parses, validates and ingests one record; throws only when the failure may pass (database or broker down). */
export const attemptCampusRecord = (
  ingestion: CampusIngestion,
  record: CampusRecord,
  sources: readonly string[],
): Promise<RecordAttempt> => attemptParsed(ingestion, parseCampusRecord(record, sources));

/** One Kafka record through the campus pipeline: parse, validate, ingest; or to `<topic>.dlq`, unchanged. */
export class CampusRecordHandler {
  constructor(
    private readonly ingestion: CampusIngestion,
    private readonly inbox: CampusInbox,
    private readonly deadLetters: DeadLetterStore,
    private readonly producer: Producer,
    private readonly metrics: CampusMetrics,
    private readonly options: CampusRecordHandlerOptions,
  ) {}

  parse(record: CampusRecord): ParsedRecord {
    return parseCampusRecord(record, this.options.sources);
  }

  /** The inbox as one Kafka batch sees it: its rows looked up at once, its writes flushed at once. */
  session(parsed: readonly ParsedRecord[]): Promise<BatchedInbox> {
    return this.inbox.session(
      parsed.flatMap(({ event }) => (event ? [{ source: event.source, eventId: event.id }] : [])),
    );
  }

  /** Applies the record or dead-letters it; its offset may be committed once the session is flushed too. */
  async handle(
    origin: DeadLetterOrigin,
    record: CampusRecord,
    parsed: ParsedRecord = this.parse(record),
    inbox?: InboxSession,
  ): Promise<'applied' | 'duplicate' | 'dead-lettered'> {
    const attempt = await attemptParsed(this.ingestion, parsed, inbox);
    if (attempt.ok) {
      this.metrics.handled(origin.topic, attempt.outcome.status);
      return attempt.outcome.status;
    }
    await this.deadLetter(origin, record, attempt);
    return 'dead-lettered';
  }

  private async deadLetter(
    origin: DeadLetterOrigin,
    record: CampusRecord,
    { rejection, event }: Extract<RecordAttempt, { ok: false }>,
  ): Promise<void> {
    const dlqTopic = `${origin.topic}${this.options.dlqSuffix}`;
    // Produced before it is recorded, both before the offset commit: a crash in between dead-letters it again.
    const [written] = await this.producer.send({
      topic: dlqTopic,
      acks: -1,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: withDeadLetterHeaders(record.headers, origin, rejection.reason, rejection.message),
        },
      ],
    });
    await this.deadLetters.record({
      ...origin,
      key: record.key?.toString() ?? null,
      reason: rejection.reason,
      message: rejection.message,
      dlqTopic,
      ...(written
        ? { dlqPartition: written.partition, dlqOffset: written.baseOffset ?? written.offset }
        : {}),
      ...(event ? { eventSource: event.source, eventId: event.id, eventType: event.type } : {}),
    });
    this.metrics.deadLettered(origin.topic, rejection.reason);
  }
}
