import type { EventStore, GlobalPosition, RecordedEvent } from '@continuum/event-store';
import type { Pool, PoolClient } from 'pg';
import type { AdvisoryLockSession, LockLease } from './lock-session';
import { applyInputs, insertFailures, storedInput, type ApplyResult, type NewFailure } from './apply-inputs';
import type { Backoff } from './backoff';
import { errorText } from './backoff';
import { advanceCheckpoint, readCheckpoint, WorkflowCheckpointConflictError } from './checkpoints';
import type { Clock } from './clock';
import { eventInput, playbookEventOf, type PendingInput } from './inputs';
import type { RegisteredPlaybook } from './registered-playbook';
import { inTransaction, sleep } from './transaction';

export interface FeedRunnerOptions {
  readonly batchSize: number;
  /** Once caught up, the feed is read again no sooner than this. */
  readonly minReadIntervalMs: number;
  readonly lockRetryMs: number;
  readonly backoff: Backoff;
  readonly onError: (error: Error) => void;
  /** After each committed transaction that wrote commands: wakes the dispatcher. */
  readonly onCommands: () => void;
  /** Test seam: runs inside each batch transaction before it commits. */
  readonly beforeCommit?: (playbook: string, events: readonly RecordedEvent[]) => Promise<void>;
}

export interface FeedRunnerStatus {
  readonly owner: boolean;
  readonly checkpoint: GlobalPosition | undefined;
}

/** Prefix of the instance of an event `instanceOf` threw on: routed again when retried. */
export const UNROUTED = 'unrouted:';

/**
 * Feeds one playbook from the global feed. Only the holder of the playbook's advisory lock (on the
 * process's lock session) reads; every batch's state, timers, commands, failures and checkpoint commit together.
 */
export class PlaybookFeedRunner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private status: FeedRunnerStatus = { owner: false, checkpoint: undefined };

  constructor(
    private readonly registered: RegisteredPlaybook,
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly locks: AdvisoryLockSession,
    private readonly clock: Clock,
    private readonly options: FeedRunnerOptions,
  ) {}

  get current(): FeedRunnerStatus {
    return this.status;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private get name(): string {
    return this.registered.playbook.name;
  }

  private async loop(): Promise<void> {
    let delay = this.options.backoff.initialMs;
    while (!this.stopping.signal.aborted) {
      let lease: LockLease | undefined;
      try {
        lease = await this.locks.tryLock(`workflow:${this.name}`);
        if (!lease) {
          await sleep(this.options.lockRetryMs, this.stopping.signal);
          continue;
        }
        this.status = { ...this.status, owner: true };
        await this.follow(lease.lost);
        delay = this.options.backoff.initialMs;
      } catch (error) {
        this.options.onError(error instanceof Error ? error : new Error(String(error)));
        await sleep(delay, this.stopping.signal);
        delay = Math.min(delay * 2, this.options.backoff.maxMs);
      } finally {
        this.status = { ...this.status, owner: false };
        await lease?.release();
      }
    }
  }

  private async follow(lockLost: AbortSignal): Promise<void> {
    let checkpoint = await readCheckpoint(this.pool, this.name);
    this.status = { ...this.status, checkpoint };
    const subscription = this.store.subscribeToAll({
      from: checkpoint,
      filter: { eventTypes: this.registered.playbook.eventTypes },
      batchSize: this.options.batchSize,
      minReadIntervalMs: this.options.minReadIntervalMs,
      handle: async (batch) => {
        await this.handle(batch.events, checkpoint, batch.checkpoint);
        checkpoint = batch.checkpoint;
        this.status = { ...this.status, checkpoint };
      },
    });
    // Stopping, or losing the lock's session (another worker may own the playbook now), ends the subscription.
    const ending = AbortSignal.any([this.stopping.signal, lockLost]);
    const stop = (): void => void subscription.stop();
    if (ending.aborted) stop();
    else ending.addEventListener('abort', stop, { once: true });
    try {
      await subscription.done;
    } finally {
      ending.removeEventListener('abort', stop);
    }
  }

  private async handle(
    events: readonly RecordedEvent[],
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
  ): Promise<void> {
    // Past events of other types only: nothing to apply, so one statement, and losing it in a crash only rereads.
    if (events.length === 0) {
      await advanceCheckpoint(this.pool, this.name, previous, next, true);
      return;
    }
    try {
      await this.commit(events, previous, next);
    } catch (error) {
      if (error instanceof WorkflowCheckpointConflictError) throw error;
      // A statement failed for the whole batch: go one event at a time so only the guilty one is set aside.
      let at = previous;
      for (const event of events) {
        await this.commitOneOrSetAside(event, at);
        at = event.position;
      }
      await inTransaction(this.pool, (client) => advanceCheckpoint(client, this.name, at, next));
    }
  }

  private async commit(
    events: readonly RecordedEvent[],
    previous: GlobalPosition | undefined,
    next: GlobalPosition,
  ): Promise<void> {
    const result = await inTransaction(this.pool, async (client) => {
      const applied = await this.applyEvents(client, events);
      await this.options.beforeCommit?.(this.name, events);
      await advanceCheckpoint(client, this.name, previous, next);
      return applied;
    });
    if (result.commands > 0) this.options.onCommands();
  }

  private async applyEvents(client: PoolClient, events: readonly RecordedEvent[]): Promise<ApplyResult> {
    const inputs: PendingInput[] = [];
    const unrouted: NewFailure[] = [];
    for (const event of events) {
      try {
        const instanceId = this.registered.playbook.instanceOf(playbookEventOf(event));
        if (instanceId !== undefined) inputs.push(eventInput(event, instanceId));
      } catch (error) {
        const pending = eventInput(event, `${UNROUTED}${event.id}`);
        unrouted.push({ ...pending, stored: storedInput(pending), error: errorText(error), attempts: 1 });
      }
    }
    const options = { lock: 'wait' as const, now: this.clock.now(), backoff: this.options.backoff };
    const result = await applyInputs(client, this.registered, inputs, options);
    await insertFailures(client, this.name, options, unrouted);
    return result;
  }

  private routeOrUnrouted(event: RecordedEvent): string {
    try {
      return this.registered.playbook.instanceOf(playbookEventOf(event)) ?? `${UNROUTED}${event.id}`;
    } catch {
      return `${UNROUTED}${event.id}`;
    }
  }

  private async commitOneOrSetAside(
    event: RecordedEvent,
    previous: GlobalPosition | undefined,
  ): Promise<void> {
    try {
      await this.commit([event], previous, event.position);
    } catch (error) {
      if (error instanceof WorkflowCheckpointConflictError) throw error;
      const now = this.clock.now();
      const input = eventInput(event, this.routeOrUnrouted(event));
      await inTransaction(this.pool, async (client) => {
        await insertFailures(client, this.name, { now, backoff: this.options.backoff }, [
          { ...input, stored: storedInput(input), error: errorText(error), attempts: 1 },
        ]);
        await advanceCheckpoint(client, this.name, previous, event.position);
      });
    }
  }
}
