import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { streamCategory } from '../event-id';
import { EventIdReusedError, InvalidAppendError, WrongExpectedRevisionError } from '../errors';
import { contentDigest } from '../integrity';
import { isAfter, positionOf } from '../position';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  FeedPage,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port';
import { AppendGroups, type AppendGroupLimits, type AppendRequest } from './append-groups';
import { appendStatement, MAX_EVENTS_PER_APPEND, priorAppendStatement } from './append-statement';
import { feedStatement, horizonSql } from './feed-statement';
import { APPENDED_CHANNEL, FeedListener, FeedSignal } from './feed-signal';
import { migrateEventStore } from './migrations';
import { isUniqueViolation } from './pg-errors';
import { pollingSubscription, type WakeTimings } from './polling-subscription';
import { eventColumns, toRecordedEvent, type EventRow } from './rows';
import { SharedFeedTail } from './shared-feed';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly applicationName?: string;
  readonly poolSize?: number;
  readonly wakeTimings?: Partial<WakeTimings>;
  /** Group commit of concurrent appends (append-groups.ts); false writes each append on its own statement. */
  readonly appendGroups?: AppendGroupLimits | false;
  readonly onBackgroundError?: (error: Error) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PriorAppendRow {
  found: boolean;
  same: boolean;
  revision: string | null;
  position: string | null;
}

function validateAppend(stream: string, events: readonly NewEvent[]): void {
  if (stream.length === 0) throw new InvalidAppendError('Stream name must not be empty');
  if (events.length === 0) throw new InvalidAppendError(`Append to ${stream} has no events`);
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidAppendError(`Append to ${stream} has too many events`);
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id "${event.id}" is not a UUID`);
    if (event.type.length === 0) throw new InvalidAppendError(`Event ${event.id} has no type`);
  }
}

/** The event store on PostgreSQL: single-machine installs and every test run. */
export class PostgresEventStore implements EventStore {
  readonly signal = new FeedSignal();
  /** Names this store's notifications, so its own listener does not wake its subscribers a second time. */
  private readonly instanceId = randomUUID();
  private listener: FeedListener | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private notifying: Promise<void> = Promise.resolve();
  private readonly timings: WakeTimings;
  private readonly groups: AppendGroups | undefined;
  /** Subscribers near the head share one read of it (shared-feed.ts). */
  private readonly tail: SharedFeedTail;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.timings = {
      blockedRetryMs: 5,
      idleRecheckMs: 5000,
      notifyCoalesceMs: 5,
      minReadIntervalMs: 15,
      ...options.wakeTimings,
    };
    this.tail = new SharedFeedTail(
      (page) => this.readPage(page),
      () => this.signal.current,
      this.timings.blockedRetryMs,
    );
    const fallbacks = {
      alone: (request: AppendRequest) => this.appendAlone(request, request.expected),
      failed: (request: AppendRequest) => this.resolveFailedAppend(request, request.expected),
      stored: () => this.announce(),
    };
    this.groups =
      options.appendGroups === false ? undefined : new AppendGroups(pool, fallbacks, options.appendGroups);
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'continuum-event-store',
      max: options.poolSize ?? 10,
    });
    pool.on('error', (error) => options.onBackgroundError?.(error));
    try {
      await migrateEventStore(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, options);
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(stream, events);
    const request = {
      stream,
      category: streamCategory(stream),
      ids: events.map((event) => event.id),
      types: events.map((event) => event.type),
      data: events.map((event) => JSON.stringify(event.data)),
      metadata: events.map((event) => JSON.stringify(event.metadata ?? {})),
      // The revision is known only once the head moves, so SQL finishes each chain link from this digest.
      digests: events.map((event) => contentDigest({ ...event, stream })),
    };
    if (this.groups && (expected === 'no_stream' || typeof expected === 'number'))
      return this.groups.submit({ ...request, expected });
    return this.appendAlone(request, expected);
  }

  private async appendAlone(
    request: Omit<AppendRequest, 'expected'>,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const { stream, category, ids, types, data, metadata, digests } = request;
    const { name, sql, extraParams } = appendStatement(expected, ids.length);
    try {
      // Named, so each connection plans the statement once instead of on every append.
      const result = await this.pool.query<{ revision: string | null; position: string | null }>({
        name,
        text: sql,
        values: [stream, ids.length, category, ids, types, data, metadata, digests, ...extraParams],
      });
      const row = result.rows[0];
      if (row?.revision != null && row.position != null) {
        this.announce();
        return { nextExpectedRevision: Number(row.revision), position: positionOf(BigInt(row.position)) };
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.resolveFailedAppend(request, expected);
  }

  /** A failed append is either a retry of one already stored (success) or a real conflict. */
  private async resolveFailedAppend(
    { stream, ids, types, data }: Omit<AppendRequest, 'expected'>,
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const prior = await this.pool.query<PriorAppendRow>(priorAppendStatement, [stream, ids, types, data]);
    const reused = prior.rows.findIndex((row) => row.found && !row.same);
    if (reused !== -1) throw new EventIdReusedError(ids[reused] ?? '');
    const found = prior.rows.filter((row) => row.found);
    if (found.length === ids.length) {
      const last = found[found.length - 1];
      return {
        nextExpectedRevision: Number(last?.revision),
        position: positionOf(BigInt(last?.position ?? 0)),
      };
    }
    if (found.length > 0) throw new EventIdReusedError(ids[prior.rows.findIndex((row) => row.found)] ?? '');
    throw new WrongExpectedRevisionError(stream, expected, await this.currentRevision(stream));
  }

  private async currentRevision(stream: string): Promise<number | 'no_stream'> {
    const result = await this.pool.query<{ revision: string }>(
      'SELECT revision FROM event_store.streams WHERE stream_name = $1',
      [stream],
    );
    const row = result.rows[0];
    return row ? Number(row.revision) : 'no_stream';
  }

  /** Wakes local subscribers at once; other processes through at most one NOTIFY per coalescing window. */
  private announce(): void {
    this.signal.bump();
    this.notifyTimer ??= setTimeout(() => void this.flushNotify(), this.timings.notifyCoalesceMs);
  }

  private flushNotify(): Promise<void> {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.notifying = this.pool.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, this.instanceId]).then(
      () => undefined,
      (error: unknown) => this.options.onBackgroundError?.(error as Error),
    );
    return this.notifying;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const result = await this.pool.query<EventRow>(
      `SELECT ${eventColumns} FROM event_store.events
       WHERE stream_name = $1 AND stream_revision ${backwards ? '<=' : '>='} $2
       ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [stream, from, options.maxCount ?? null],
    );
    return result.rows.map(toRecordedEvent);
  }

  /** Batched read of known events (an index's hits) in one statement; missing ids are left out. */
  async readEventsById(ids: readonly string[]): Promise<RecordedEvent[]> {
    if (ids.length === 0) return [];
    const result = await this.pool.query<EventRow>({
      name: 'event-store-read-by-id',
      text: `SELECT ${eventColumns} FROM event_store.events WHERE event_id = ANY($1::uuid[])`,
      values: [ids],
    });
    return result.rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<FeedPage> {
    const { blocked: _blocked, ...page } = await this.readPage(options);
    return page;
  }

  private async readPage(options: ReadAllOptions): Promise<FeedPage & { blocked: boolean }> {
    const maxCount = options.maxCount ?? 1000;
    const filter = options.filter;
    const result = await this.pool.query<Partial<EventRow> & { horizon: string; head: string | null }>({
      name: `event-store-feed-${filter?.eventTypes ? 't' : ''}${filter?.streamCategories ? 'c' : ''}`,
      text: feedStatement(filter),
      values: [
        (options.from?.commit ?? -1n).toString(),
        maxCount,
        filter?.eventTypes ?? null,
        filter?.streamCategories ?? null,
      ],
    });
    const first = result.rows[0];
    const horizon = BigInt(first?.horizon ?? 0);
    const head = first?.head == null ? undefined : BigInt(first.head);
    const events = result.rows
      .filter((row) => row.global_position != null)
      .map((row) => toRecordedEvent(row as EventRow));
    const isEnd = events.length < maxCount;
    const scannedTo = isEnd ? positionOf(horizon - 1n) : events[events.length - 1]?.position;
    const checkpoint =
      options.from && !isAfter(scannedTo ?? options.from, options.from) ? options.from : scannedTo;
    return {
      events,
      checkpoint: head === undefined && !options.from ? undefined : checkpoint,
      isEnd,
      blocked: head !== undefined && head >= horizon,
    };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureListening();
    return pollingSubscription(
      { readPage: (page) => this.tail.page(page), signal: this.signal },
      options,
      this.timings,
    );
  }

  private ensureListening(): void {
    if (this.listener) return;
    this.listener = new FeedListener(
      { connectionString: this.options.connectionString, application_name: 'continuum-feed-listener' },
      this.signal,
      (error) => this.options.onBackgroundError?.(error),
      this.instanceId,
    );
    this.listener.start();
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const result = await this.pool.query<{ head: string | null }>(
      `SELECT max(global_position) AS head FROM event_store.events WHERE global_position < ${horizonSql}`,
    );
    const head = result.rows[0]?.head;
    return head == null ? undefined : positionOf(BigInt(head));
  }

  async close(): Promise<void> {
    await this.listener?.close();
    if (this.notifyTimer) await this.flushNotify();
    await this.notifying;
    await this.pool.end();
  }
}
