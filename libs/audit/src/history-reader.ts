import {
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type SqlQuery,
} from '@continuum/event-store';
import { READ_MODELS_SCHEMA } from '@continuum/projections';
import { AUDIT_PARTNER_INDEX_TABLE, occurredAtOf } from './partner-index.projection';

/** Which clock a time filter or an as-of reads: when the store recorded it, or when it happened. */
export type TimeBasis = 'recorded' | 'occurred';

export interface HistoryFilter {
  /** Inclusive bounds on the basis's clock. */
  readonly from?: Date;
  readonly to?: Date;
  readonly basis?: TimeBasis;
  readonly types?: readonly string[];
  /** Include the events of partners merged into this one (default true). */
  readonly includeMerged?: boolean;
}

export interface HistoryEntry {
  readonly eventId: string;
  readonly type: string;
  readonly partnerId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly sourceSystem: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly hash: string | null;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface HistoryPage {
  readonly partnerId: string;
  readonly partnerIds: readonly string[];
  readonly entries: readonly HistoryEntry[];
  readonly nextCursor: string | null;
}

export class InvalidHistoryCursorError extends Error {
  constructor() {
    super('cursor is not one this history returned');
    this.name = 'InvalidHistoryCursorError';
  }
}

/** The index names an event the store does not hold (deleted behind the application's back, or not yet visible). */
export class HistoryIndexMismatchError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: number,
  ) {
    super(`The partner index names ${stream}@${revision}, which the event store does not return`);
    this.name = 'HistoryIndexMismatchError';
  }
}

interface IndexRow {
  partner_id: string;
  commit_position: string;
  prepare_position: string;
  stream: string;
  revision: string;
  event_id: string;
}

export const encodeHistoryCursor = (position: GlobalPosition): string =>
  Buffer.from(JSON.stringify([position.commit.toString(), position.prepare.toString()])).toString(
    'base64url',
  );

export function decodeHistoryCursor(cursor: string): GlobalPosition {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((p) => typeof p === 'string' && /^\d+$/.test(p))
    )
      return { commit: BigInt(parsed[0] as string), prepare: BigInt(parsed[1] as string) };
  } catch {
    // fall through: not ours
  }
  throw new InvalidHistoryCursorError();
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function toHistoryEntry(partnerId: string, event: RecordedEvent): HistoryEntry {
  const { metadata } = event;
  return {
    eventId: event.id,
    type: event.type,
    partnerId,
    stream: event.stream,
    revision: event.revision,
    position: formatPosition(event.position),
    occurredAt: occurredAtOf(event),
    recordedAt: event.recordedAt.toISOString(),
    actor: text(metadata.actor),
    sourceSystem: text(metadata.sourceSystem),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    hash: event.hash ?? null,
    data: event.data,
    metadata,
  };
}

/** An adapter that can read many known events in one call (the PostgreSQL one): an optimisation only. */
export interface BatchedEventReader {
  readEventsById(ids: readonly string[]): Promise<RecordedEvent[]>;
}

const hasBatchedRead = (store: EventStore): store is EventStore & BatchedEventReader =>
  typeof (store as Partial<BatchedEventReader>).readEventsById === 'function';

/**
 * A partner's history: the index (read model `audit_partner_events`) says which events of which
 * streams are about the partner, in global order; the events themselves are read from those streams
 * through the event-store port, so this works on every adapter and never scans the store.
 */
export class PartnerHistoryReader {
  private readonly table = `${READ_MODELS_SCHEMA}."${AUDIT_PARTNER_INDEX_TABLE}"`;

  constructor(
    private readonly store: EventStore,
    private readonly query: SqlQuery,
    private readonly options: { readonly batchedReads?: boolean } = {},
  ) {}

  /** The partner and, transitively, every partner merged into it and not released again. */
  async partnerIds(partnerId: string, includeMerged = true): Promise<string[]> {
    if (!includeMerged) return [partnerId];
    const rows = await this.query<{ partner_id: string }>(
      `WITH RECURSIVE merged(partner_id) AS (
         SELECT $1::text
         UNION
         SELECT latest.partner_id FROM merged m
         JOIN LATERAL (
           SELECT DISTINCT ON (i.partner_id) i.partner_id, i.type FROM ${this.table} i
           WHERE i.survivor_id = m.partner_id
           ORDER BY i.partner_id, i.commit_position DESC, i.prepare_position DESC
         ) latest ON latest.type = 'PartnerMergedInto')
       SELECT partner_id FROM merged`,
      [partnerId],
    );
    return rows.map((row) => row.partner_id);
  }

  async hasHistory(partnerId: string): Promise<boolean> {
    const rows = await this.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${this.table} WHERE partner_id = $1) AS found`,
      [partnerId],
    );
    return rows[0]?.found === true;
  }

  async page(
    partnerId: string,
    filter: HistoryFilter,
    paging: { limit: number; cursor?: string },
  ): Promise<HistoryPage> {
    const after = paging.cursor ? decodeHistoryCursor(paging.cursor) : undefined;
    const partnerIds = await this.partnerIds(partnerId, filter.includeMerged);
    const rows = await this.indexRows(partnerIds, filter, after, paging.limit + 1);
    const pageRows = rows.slice(0, paging.limit);
    const events = await this.eventsOf(pageRows);
    const last = events[events.length - 1]?.event;
    return {
      partnerId,
      partnerIds,
      entries: events.map(({ partnerId: about, event }) => toHistoryEntry(about, event)),
      nextCursor: rows.length > paging.limit && last ? encodeHistoryCursor(last.position) : null,
    };
  }

  /** Every matching event in global order, a page at a time: exports never hold the whole history. */
  async *events(
    partnerId: string,
    filter: HistoryFilter,
    pageSize = 500,
  ): AsyncGenerator<{ partnerId: string; event: RecordedEvent }> {
    yield* this.eventsOfPartners(
      await this.partnerIds(partnerId, filter.includeMerged),
      filter,
      undefined,
      pageSize,
    );
  }

  /**
   * Events of exactly these partners after a position (exclusive), in global order, a page at a time;
   * the next page is read while the caller works through the current one.
   */
  async *eventsOfPartners(
    partnerIds: readonly string[],
    filter: HistoryFilter,
    after: GlobalPosition | undefined,
    pageSize = 500,
  ): AsyncGenerator<{ partnerId: string; event: RecordedEvent }> {
    const read = (from: GlobalPosition | undefined) => {
      const page = this.indexRows(partnerIds, filter, from, pageSize).then(async (rows) => ({
        full: rows.length === pageSize,
        events: await this.eventsOf(rows),
      }));
      page.catch(() => undefined); // awaited below; no unhandled rejection if the caller stops early
      return page;
    };
    let next = read(after);
    for (;;) {
      const { full, events } = await next;
      const last = events[events.length - 1]?.event;
      if (full && last) next = read(last.position);
      yield* events;
      if (!full || !last) return;
    }
  }

  /** Position and business time of every indexed event of these partners after a position, in order. */
  async timeline(
    partnerIds: readonly string[],
    after: GlobalPosition | undefined,
  ): Promise<{ position: GlobalPosition; occurredAt: Date }[]> {
    const rows = await this.query<{ commit_position: string; prepare_position: string; occurred_at: Date }>(
      `SELECT commit_position, prepare_position, occurred_at FROM ${this.table}
       WHERE partner_id = ANY($1::text[]) AND (commit_position, prepare_position) > ($2::bigint, $3::bigint)
       ORDER BY commit_position, prepare_position`,
      [partnerIds, (after?.commit ?? -1n).toString(), (after?.prepare ?? -1n).toString()],
    );
    return rows.map((row) => ({
      position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
      occurredAt: row.occurred_at,
    }));
  }

  /** Whether any event of these partners up to `upTo` (inclusive) happened in (from, to] by business time. */
  async occurredBetween(
    partnerIds: readonly string[],
    upTo: GlobalPosition,
    from: Date,
    to: Date,
  ): Promise<boolean> {
    const rows = await this.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${this.table}
         WHERE partner_id = ANY($1::text[]) AND (commit_position, prepare_position) <= ($2::bigint, $3::bigint)
           AND occurred_at > $4 AND occurred_at <= $5) AS found`,
      [partnerIds, upTo.commit.toString(), upTo.prepare.toString(), from.toISOString(), to.toISOString()],
    );
    return rows[0]?.found === true;
  }

  /**
   * The position of the event `offset` places before the last one of these partners after `after` that
   * happened by `to`, by business time; none if there are not that many.
   */
  async occurredBackFromLast(
    partnerIds: readonly string[],
    after: GlobalPosition | undefined,
    to: Date,
    offset: number,
  ): Promise<GlobalPosition | undefined> {
    const [row] = await this.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position, prepare_position FROM ${this.table}
       WHERE partner_id = ANY($1::text[]) AND (commit_position, prepare_position) > ($2::bigint, $3::bigint)
         AND occurred_at <= $4
       ORDER BY commit_position DESC, prepare_position DESC OFFSET $5 LIMIT 1`,
      [
        partnerIds,
        (after?.commit ?? -1n).toString(),
        (after?.prepare ?? -1n).toString(),
        to.toISOString(),
        offset,
      ],
    );
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : undefined;
  }

  /** How many events about these partners the index holds after a position. */
  async countAfter(partnerIds: readonly string[], after: GlobalPosition | undefined): Promise<number> {
    const rows = await this.query<{ total: string }>(
      `SELECT count(*) AS total FROM ${this.table}
       WHERE partner_id = ANY($1::text[]) AND (commit_position, prepare_position) > ($2::bigint, $3::bigint)`,
      [partnerIds, (after?.commit ?? -1n).toString(), (after?.prepare ?? -1n).toString()],
    );
    return Number(rows[0]?.total ?? 0);
  }

  private indexRows(
    partnerIds: readonly string[],
    filter: HistoryFilter,
    after: GlobalPosition | undefined,
    limit: number,
  ): Promise<IndexRow[]> {
    const clock = filter.basis === 'occurred' ? 'occurred_at' : 'recorded_at';
    return this.query<IndexRow>(
      `SELECT partner_id, commit_position, prepare_position, stream, revision, event_id FROM ${this.table}
       WHERE partner_id = ANY($1::text[]) AND (commit_position, prepare_position) > ($2::bigint, $3::bigint)
         AND ($4::text[] IS NULL OR type = ANY($4::text[]))
         AND ($5::timestamptz IS NULL OR ${clock} >= $5) AND ($6::timestamptz IS NULL OR ${clock} <= $6)
       ORDER BY commit_position, prepare_position LIMIT $7`,
      [
        partnerIds,
        (after?.commit ?? -1n).toString(),
        (after?.prepare ?? -1n).toString(),
        filter.types && filter.types.length > 0 ? filter.types : null,
        filter.from?.toISOString() ?? null,
        filter.to?.toISOString() ?? null,
        limit,
      ],
    );
  }

  /** The rows' events in row order: one batched read where the adapter offers it, else per stream. */
  private async eventsOf(rows: readonly IndexRow[]): Promise<{ partnerId: string; event: RecordedEvent }[]> {
    const found =
      this.options.batchedReads !== false && hasBatchedRead(this.store)
        ? await this.store.readEventsById(rows.map((row) => row.event_id))
        : await this.readStreamRuns(rows);
    const byId = new Map(found.map((event) => [event.id, event]));
    return rows.map((row) => {
      const event = byId.get(row.event_id);
      if (!event || event.stream !== row.stream || event.revision !== Number(row.revision))
        throw new HistoryIndexMismatchError(row.stream, Number(row.revision));
      return { partnerId: row.partner_id, event };
    });
  }

  /** Through the port alone: one readStream per run of consecutive revisions of a stream. */
  private async readStreamRuns(rows: readonly IndexRow[]): Promise<RecordedEvent[]> {
    const runs = new Map<string, { from: number; to: number }[]>();
    for (const row of rows) {
      const revision = Number(row.revision);
      const streamRuns = runs.get(row.stream) ?? [];
      const last = streamRuns[streamRuns.length - 1];
      if (last && revision === last.to + 1) last.to = revision;
      else streamRuns.push({ from: revision, to: revision });
      runs.set(row.stream, streamRuns);
    }
    const reads = [...runs].flatMap(([stream, streamRuns]) =>
      streamRuns.map((run) =>
        this.store.readStream(stream, { fromRevision: run.from, maxCount: run.to - run.from + 1 }),
      ),
    );
    return (await Promise.all(reads)).flat();
  }
}
