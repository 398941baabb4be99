/** What every event carries besides its data: who did it, why, and when it happened in the world. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Staff id or campus system name. */
  readonly actor?: string;
  readonly sourceSystem?: string;
  /** Business time (ISO 8601): when it happened, as opposed to `recordedAt`. */
  readonly occurredAt?: string;
  readonly [key: string]: unknown;
}

/** An event to append. `id` is a UUID; retrying with the same id never writes twice. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

/**
 * A point in the global feed. Ordered by `commit`, then `prepare` (EventStoreDB's own shape);
 * the PostgreSQL store uses one number for both.
 */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly stream: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly recordedAt: Date;
  /** Chained tamper-evidence hash (see integrity/event-hash.ts), when the adapter stores one. */
  readonly hash?: string;
}

/** Optimistic concurrency: what the writer believes about the stream before appending. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream: pass it as the next append's expectation. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event: read models that reached it show this write. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first (forwards) or last (backwards) event. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface FeedFilter {
  readonly eventTypes?: readonly string[];
  /** Stream categories: the part of `<category>-<id>` before the first dash. */
  readonly streamCategories?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive; undefined reads from the start of the feed. */
  readonly from?: GlobalPosition;
  readonly maxCount?: number;
  readonly filter?: FeedFilter;
}

export interface FeedPage {
  readonly events: readonly RecordedEvent[];
  /** Everything up to here was read (filtered-out events included): resume from it. */
  readonly checkpoint: GlobalPosition | undefined;
  /** True when nothing more is readable right now. */
  readonly isEnd: boolean;
}

export interface FeedBatch {
  readonly events: readonly RecordedEvent[];
  readonly checkpoint: GlobalPosition;
}

export interface SubscribeOptions {
  readonly from?: GlobalPosition;
  readonly filter?: FeedFilter;
  readonly batchSize?: number;
  /**
   * Once caught up, read again no sooner than this after the last read began: a subscriber that may lag
   * (workflows) takes bigger batches and fewer transactions. The adapter's default when absent.
   */
  readonly minReadIntervalMs?: number;
  /** Called with each batch in feed order; a rejection stops the subscription and rejects `done`. */
  readonly handle: (batch: FeedBatch) => Promise<void>;
}

export interface Subscription {
  /** Stops after the batch in flight; resolves once the handler will not be called again. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves on stop(), rejects on a handler or store failure. */
  readonly done: Promise<void>;
}

/** The port: owned by Continuum, implemented by the PostgreSQL and EventStoreDB adapters. */
export interface EventStore {
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<FeedPage>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** The newest position readable in the feed, if any. */
  headPosition(): Promise<GlobalPosition | undefined>;
  close(): Promise<void>;
}

/** Injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');
