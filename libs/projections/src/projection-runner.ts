import {
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@continuum/event-store';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { applyBatch, ProjectionApplyError } from './apply-batch';
import { generationSchema, type Projection } from './projection';
import type { ProjectionStore } from './projection-store';

export interface RunnerOptions {
  readonly batchSize?: number;
  /** How often a runner without the lock tries to take over. */
  readonly lockRetryMs?: number;
  readonly retryBackoffMs?: { readonly initial: number; readonly max: number };
  readonly onError?: (error: Error) => void;
  /** Test seam: throw inside a batch's transaction to simulate a crash mid-batch. */
  readonly beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
  /**
   * How long a checkpoint moved only by events outside the filter may wait before it is written (default
   * 250 ms; a batch with events writes it at once). Every such write is a transaction that holds back
   * the feed horizon for every reader, so they are not sent for each append.
   */
  readonly idleCheckpointMs?: number;
  /** `synchronous_commit = off` for batch transactions (default true; see `BatchOptions.asyncCommit`). */
  readonly asyncCommit?: boolean;
}

export interface RunnerProgress {
  readonly generation: number;
  readonly checkpoint: GlobalPosition | undefined;
  readonly owner: boolean;
  readonly failing: boolean;
}

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

/**
 * Follows the feed for one projection generation. Only the holder of the projection's advisory lock
 * applies events; the others wait and take over when its session dies.
 */
export class ProjectionRunner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private progress: RunnerProgress = { generation: 0, checkpoint: undefined, owner: false, failing: false };

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: ProjectionStore,
    private readonly options: RunnerOptions = {},
  ) {}

  get name(): string {
    return this.projection.name;
  }

  get current(): RunnerProgress {
    return this.progress;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const backoff = this.options.retryBackoffMs ?? { initial: 500, max: 60_000 };
    let delay = backoff.initial;
    while (!this.stopping.signal.aborted) {
      const lock = this.lockConnection();
      try {
        const generation = await this.projections.activeGeneration(this.projection);
        this.progress = { ...this.progress, generation, owner: false };
        if (!(await this.tryLock(lock, generation))) {
          await sleep(this.options.lockRetryMs ?? 2000, this.stopping.signal);
          continue;
        }
        this.progress = { ...this.progress, owner: true };
        await this.follow(generation);
        delay = backoff.initial;
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.options.onError?.(failure);
        await sleep(delay, this.stopping.signal);
        delay = Math.min(delay * 2, backoff.max);
      } finally {
        this.progress = { ...this.progress, owner: false };
        await this.unlock(lock);
      }
    }
  }

  // Its own connection, outside the pool: held for as long as the runner owns the projection.
  private lockConnection(): Client {
    const { url } = this.dataSource.options as { url?: string };
    if (!url) throw new Error('Projection runners need a DataSource configured with a url');
    const client = new Client({ connectionString: url, application_name: 'continuum-projection-lock' });
    client.on('error', (error) => this.options.onError?.(error));
    return client;
  }

  // A session-level lock: released by PostgreSQL itself when this process or its connection dies.
  private async tryLock(lock: Client, generation: number): Promise<boolean> {
    await lock.connect();
    const { rows } = await lock.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`projection:${this.projection.name}:${generation}`],
    );
    return rows[0]?.locked === true;
  }

  private applyInTransaction(
    schema: string,
    generation: number,
    events: readonly RecordedEvent[],
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
  ): Promise<void> {
    const target = { projection: this.projection, schema, generation };
    return applyBatch(
      this.dataSource,
      this.projections,
      target,
      { events, previous, next },
      { beforeCommit: this.options.beforeCommit, asyncCommit: this.options.asyncCommit ?? true },
    );
  }

  // Closing the session releases its advisory locks.
  private async unlock(lock: Client): Promise<void> {
    await lock.end().catch(() => undefined);
  }

  private async follow(generation: number): Promise<void> {
    const schema = generationSchema(this.projection.name, generation);
    const status = await this.projections.status(this.projection.name, generation);
    let checkpoint = status?.checkpoint;
    this.progress = { ...this.progress, checkpoint, failing: status?.state === 'failed' };
    // Reached with nothing to apply, not written yet: written with the next batch, or idleCheckpointMs after.
    let unwritten: GlobalPosition | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    let writingIdle: Promise<void> | undefined;
    let idleFailure: Error | undefined;
    const writeIdleCheckpoint = async (): Promise<void> => {
      const next = unwritten;
      if (!next) return;
      try {
        await this.applyInTransaction(schema, generation, [], checkpoint, next);
        checkpoint = next;
        if (unwritten === next) unwritten = undefined;
        this.progress = { ...this.progress, checkpoint };
      } catch (error) {
        idleFailure = error instanceof Error ? error : new Error(String(error));
        void subscription.stop();
      }
    };
    const subscription = this.store.subscribeToAll({
      from: checkpoint,
      filter: this.projection.filter,
      batchSize: this.options.batchSize ?? 500,
      handle: async (batch) => {
        await writingIdle;
        if (idleFailure !== undefined) throw idleFailure;
        if (batch.events.length === 0) {
          unwritten = batch.checkpoint;
          // Counted from the first unwritten move, so a steady stream of other events cannot postpone it.
          idleTimer ??= setTimeout(() => {
            idleTimer = undefined;
            writingIdle = writeIdleCheckpoint();
          }, this.options.idleCheckpointMs ?? 250);
          return;
        }
        clearTimeout(idleTimer);
        idleTimer = undefined;
        unwritten = undefined;
        try {
          await this.applyInTransaction(schema, generation, batch.events, checkpoint, batch.checkpoint);
          checkpoint = batch.checkpoint;
        } catch (error) {
          // Keep what came before the poison event, so the projection stops exactly at it.
          const poisonIndex = error instanceof ProjectionApplyError ? batch.events.indexOf(error.event) : -1;
          const lastGood = batch.events[poisonIndex - 1];
          if (lastGood) {
            await this.applyInTransaction(
              schema,
              generation,
              batch.events.slice(0, poisonIndex),
              checkpoint,
              lastGood.position,
            );
            checkpoint = lastGood.position;
          }
          throw error;
        } finally {
          this.progress = { ...this.progress, checkpoint };
        }
        this.progress = { ...this.progress, failing: false };
      },
    });
    const stop = (): void => void subscription.stop();
    // A stop that came while we were still connecting must end this subscription too.
    if (this.stopping.signal.aborted) stop();
    else this.stopping.signal.addEventListener('abort', stop, { once: true });
    try {
      await subscription.done;
      clearTimeout(idleTimer);
      await writingIdle;
      if (idleFailure !== undefined) throw idleFailure;
    } catch (error) {
      if (error instanceof ProjectionApplyError) {
        this.progress = { ...this.progress, failing: true };
        await this.projections.recordFailure(
          this.projection.name,
          generation,
          error.message,
          formatPosition(error.event.position),
        );
      }
      throw error;
    } finally {
      clearTimeout(idleTimer);
      this.stopping.signal.removeEventListener('abort', stop);
    }
  }
}
