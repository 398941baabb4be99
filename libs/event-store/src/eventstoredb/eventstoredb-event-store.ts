import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { isAfter } from '../position';
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
import { EventStoreDbAppender, type AppendOptions } from './appender';
import { pageFromScan } from './checkpoints';
import { driverConnectionString } from './connection-string';
import type { EventStoreDbDriver } from './driver';
import { isDriverError, mapDriverError } from './driver-errors';
import { decodeEvent } from './event-codec';
import { matchesFeedFilter, serverFilter } from './feed-filter';
import { feedSubscription, type FeedStream, type ReconnectPolicy } from './feed-subscription';
import { fromDbPosition, readPositionFrom } from './positions';

export type { EventStoreDbDriver } from './driver';

export interface EventStoreDbEventStoreOptions extends AppendOptions {
  /** `esdb://` or `esdb+discover://` (also `kurrentdb://`): hosts, TLS, credentials and node preference. */
  readonly connectionString: string;
  /** Records one `readAll` call scans at most (default: 4096, or maxCount if larger); it then returns a checkpoint. */
  readonly readAllScanWindow?: number;
  /** Server checkpoints of filtered subscriptions: one per `checkpointInterval` × the server's search window. */
  readonly checkpointInterval?: number;
  readonly reconnect?: Partial<ReconnectPolicy>;
}

const isStreamNotFound = (error: unknown): boolean => isDriverError(error, ErrorType.STREAM_NOT_FOUND);

/** The event store on EventStoreDB (or KurrentDB): production, behind the same port as PostgreSQL. */
export class EventStoreDbEventStore implements EventStore {
  private readonly reconnect: ReconnectPolicy;
  private readonly appender: EventStoreDbAppender;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EventStoreDbDriver,
    private readonly options: EventStoreDbEventStoreOptions,
  ) {
    this.reconnect = { maxAttempts: 20, initialDelayMs: 100, maxDelayMs: 5_000, ...options.reconnect };
    this.appender = new EventStoreDbAppender(client, this, options);
  }

  /** The client connects lazily, on the first call, and again after a node failed (see docs/eventstoredb.md). */
  static create(options: EventStoreDbEventStoreOptions): EventStoreDbEventStore {
    const client = EventStoreDBClient.connectionString(driverConnectionString(options.connectionString));
    return new EventStoreDbEventStore(client, options);
  }

  /** Over a client the caller made (shared, or a stand-in in tests); `connectionString` is then unused. */
  static withDriver(
    driver: EventStoreDbDriver,
    options: Omit<EventStoreDbEventStoreOptions, 'connectionString'> = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(driver, { connectionString: '', ...options });
  }

  /** Creates the store and reads the log's head once, so a wrong address or credentials fail at start-up. */
  static async connect(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const store = EventStoreDbEventStore.create(options);
    try {
      await store.headPosition();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appender.append(stream, events, expected);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision === undefined ? (backwards ? END : BigInt(0)) : BigInt(options.fromRevision),
      maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    try {
      return await collect(read);
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapDriverError(error, { stream });
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<FeedPage> {
    const maxCount = options.maxCount ?? 1000;
    // Forward reads include the event at `from`; one more keeps the window after it.
    const window = this.options.readAllScanWindow ?? Math.max(maxCount, 4096);
    const requested = window + (options.from ? 1 : 0);
    try {
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: readPositionFrom(options.from),
        maxCount: requested,
      });
      let count = 0;
      let matched = 0;
      const scanned: RecordedEvent[] = [];
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        count += 1;
        const event = decodeEvent(resolved);
        if (!event) continue;
        scanned.push(event);
        if (isAfter(event.position, options.from) && matchesFeedFilter(event, options.filter)) matched += 1;
        if (matched === maxCount) {
          await read.cancel(); // Ends the server-side read instead of leaving it paused until its deadline.
          break;
        }
      }
      return pageFromScan({
        from: options.from,
        scanned,
        maxCount,
        filter: options.filter,
        reachedEnd: count < requested,
      });
    } catch (error) {
      throw mapDriverError(error);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const checkpointInterval = this.options.checkpointInterval ?? 32;
    const subscription = feedSubscription(
      {
        open: (from, onCheckpoint, bufferSize): FeedStream =>
          this.client.subscribeToAll(
            {
              fromPosition: readPositionFrom(from),
              filter: serverFilter(options.filter, {
                checkpointInterval,
                checkpointReached: (_subscription, position) => onCheckpoint(fromDbPosition(position)),
              }),
            },
            { highWaterMark: bufferSize },
          ),
      },
      options,
      this.reconnect,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    try {
      const [last] = await collect(
        this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
      );
      return last?.position;
    } catch (error) {
      throw mapDriverError(error);
    }
  }

  /** Stops subscriptions still running (they would otherwise try to reconnect), then closes the client. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }
}

async function collect(read: StreamingRead<ResolvedEvent>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) {
    const event = decodeEvent(resolved);
    if (event) events.push(event);
  }
  return events;
}
