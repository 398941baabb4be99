import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@continuum/event-store';
import { Client, type Pool } from 'pg';
import type { OutboundTransport } from './kafka-transport';
import { publishedDomainEventTypes, publishedStreamCategories } from './published-events';
import { PublisherCheckpoints } from './publisher-checkpoints';
import { toOutboundMessage, type OutboundMessage } from './to-cloud-event';

export interface EventPublisherOptions {
  /** Names the checkpoint and the lock: publishers sharing a name share the work (one active). */
  readonly name?: string;
  readonly topic: string;
  /** CloudEvent `source`, e.g. `/engagement`. */
  readonly source: string;
  readonly batchSize?: number;
  /** Once caught up, the feed is read again no sooner than this (100 ms): fewer, bigger sends under load. */
  readonly minReadIntervalMs?: number;
  /** How often a publisher without the lock tries to take over. */
  readonly lockRetryMs?: number;
  readonly retryBackoffMs?: { readonly initial: number; readonly max: number };
  readonly onError?: (error: Error) => void;
  /** After Kafka acknowledged these messages (metrics). */
  readonly onPublished?: (messages: readonly OutboundMessage[]) => void;
  /** Test seam: runs after Kafka acknowledged a batch, before the checkpoint moves; throw to crash there. */
  readonly afterSend?: (messages: readonly OutboundMessage[]) => Promise<void>;
}

export interface PublisherProgress {
  /** Holds the lock: the one publisher of this name that publishes. */
  readonly owner: boolean;
  readonly checkpoint: GlobalPosition | undefined;
  /** The last attempt failed (Kafka down, an event that cannot be published): retrying with backoff. */
  readonly failing: boolean;
  readonly lastError: string | undefined;
  /** When the send in flight started, if one is. */
  readonly sendingSince: number | undefined;
  /** Failed attempts since the last success. */
  readonly failures: number;
}

export interface PublisherStatus extends PublisherProgress {
  readonly name: string;
  readonly topic: string;
  /** Distance in global positions from the published checkpoint to the feed head (sparse: compare). */
  readonly positionsBehind: bigint;
}

export const DEFAULT_PUBLISHER_NAME = 'engagement-events';

const sleep = (ms: number, abort: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done, { once: true });
  });

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Publishes domain events from the global feed to Kafka, at least once: the checkpoint moves only after
 * Kafka acknowledged the batch. Only the holder of the advisory lock publishes; the others stand by.
 */
export class EventPublisher {
  readonly name: string;
  private readonly checkpoints: PublisherCheckpoints;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private progress: PublisherProgress = {
    owner: false,
    checkpoint: undefined,
    failing: false,
    lastError: undefined,
    sendingSince: undefined,
    failures: 0,
  };

  constructor(
    private readonly store: EventStore,
    pool: Pool,
    private readonly databaseUrl: string,
    private readonly transport: OutboundTransport,
    private readonly options: EventPublisherOptions,
  ) {
    this.name = options.name ?? DEFAULT_PUBLISHER_NAME;
    this.checkpoints = new PublisherCheckpoints(pool);
  }

  get current(): PublisherProgress {
    return this.progress;
  }

  async start(): Promise<void> {
    await this.checkpoints.migrate();
    await this.checkpoints.register(this.name);
    this.running ??= this.loop();
  }

  /** Stops after the batch in flight, then closes the producer. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.transport.close();
  }

  async status(): Promise<PublisherStatus> {
    const [head, stored] = await Promise.all([this.store.headPosition(), this.checkpoints.read(this.name)]);
    const checkpoint = this.progress.owner ? this.progress.checkpoint : stored;
    const behind =
      head === undefined || (checkpoint && comparePositions(checkpoint, head) >= 0)
        ? 0n
        : head.commit - (checkpoint?.commit ?? 0n);
    return {
      ...this.progress,
      checkpoint,
      name: this.name,
      topic: this.options.topic,
      positionsBehind: behind,
    };
  }

  private update(change: Partial<PublisherProgress>): void {
    this.progress = { ...this.progress, ...change };
  }

  private async loop(): Promise<void> {
    const backoff = this.options.retryBackoffMs ?? { initial: 500, max: 60_000 };
    let delay = backoff.initial;
    while (!this.stopping.signal.aborted) {
      const lock = new Client({
        connectionString: this.databaseUrl,
        application_name: 'continuum-publisher-lock',
      });
      lock.on('error', (error) => this.options.onError?.(error));
      try {
        if (!(await this.tryLock(lock))) {
          // Standing by: another process publishes, and reports its own failures.
          this.update({ failing: false, lastError: undefined, failures: 0 });
          await sleep(this.options.lockRetryMs ?? 2_000, this.stopping.signal);
          continue;
        }
        this.update({ owner: true });
        await this.follow(lock);
        delay = backoff.initial;
      } catch (error) {
        const failure = asError(error);
        this.update({ failing: true, lastError: failure.message, failures: this.progress.failures + 1 });
        this.options.onError?.(failure);
        await sleep(delay, this.stopping.signal);
        delay = Math.min(delay * 2, backoff.max);
      } finally {
        this.update({ owner: false, sendingSince: undefined });
        // Closing the session releases the advisory lock.
        await lock.end().catch(() => undefined);
      }
    }
  }

  // Session-level: PostgreSQL releases it when this process or its connection dies.
  private async tryLock(lock: Client): Promise<boolean> {
    await lock.connect();
    const { rows } = await lock.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`publisher:${this.name}`],
    );
    return rows[0]?.locked === true;
  }

  private async follow(lock: Client): Promise<void> {
    let checkpoint = await this.checkpoints.read(this.name);
    this.update({ checkpoint });
    const subscription = this.store.subscribeToAll({
      from: checkpoint,
      filter: { eventTypes: publishedDomainEventTypes, streamCategories: publishedStreamCategories },
      batchSize: this.options.batchSize ?? 200,
      minReadIntervalMs: this.options.minReadIntervalMs ?? 100,
      handle: async (batch) => {
        checkpoint = await this.publish(batch.events, checkpoint, batch.checkpoint);
        this.update({ checkpoint, failing: false, lastError: undefined, failures: 0 });
      },
    });
    const stop = (): void => void subscription.stop();
    // Without its lock session this process may no longer be the only publisher: stop at once.
    let lockLost: Error | undefined;
    const onLockLost = (): void => {
      lockLost ??= new Error('Lost the publisher lock connection');
      stop();
    };
    lock.once('end', onLockLost);
    if (this.stopping.signal.aborted) stop();
    else this.stopping.signal.addEventListener('abort', stop, { once: true });
    try {
      await subscription.done;
      if (lockLost) throw lockLost;
    } finally {
      lock.off('end', onLockLost);
      this.stopping.signal.removeEventListener('abort', stop);
    }
  }

  /** Sends what the batch publishes, then moves the checkpoint; returns the new checkpoint. */
  private async publish(
    events: readonly RecordedEvent[],
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
  ): Promise<GlobalPosition> {
    const messages: OutboundMessage[] = [];
    for (const [index, event] of events.entries()) {
      try {
        const message = toOutboundMessage(event, { source: this.options.source });
        if (message) messages.push(message);
      } catch (error) {
        // Publish what came before the unpublishable event, so the publisher stops exactly at it.
        const lastGood = events[index - 1];
        if (lastGood) await this.sendAndAdvance(messages, previous, lastGood.position);
        if (lastGood) this.update({ checkpoint: lastGood.position });
        throw error;
      }
    }
    await this.sendAndAdvance(messages, previous, next);
    return next;
  }

  private async sendAndAdvance(
    messages: readonly OutboundMessage[],
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
  ): Promise<void> {
    if (messages.length > 0) {
      this.update({ sendingSince: Date.now() });
      try {
        await this.transport.send(this.options.topic, messages);
      } finally {
        this.update({ sendingSince: undefined });
      }
      this.options.onPublished?.(messages);
      await this.options.afterSend?.(messages);
    }
    await this.checkpoints.advance(this.name, previous, next, messages.length === 0);
  }
}
