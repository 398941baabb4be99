import { type EventStore, type RecordedEvent } from '@continuum/event-store';
import type { Pool } from 'pg';
import type { AssignmentResolver } from './assignment-resolver';
import { defaultBackoff, type Backoff } from './backoff';
import { afterDispatchRound, EventLoopBusyGauge, type BusyGauge } from './dispatch-pacing';
import type { Clock } from './clock';
import { PlaybookFeedRunner } from './feed-runner';
import { AdvisoryLockSession } from './lock-session';
import { retryDueFailures } from './failure-retrier';
import { OutboxDispatcher } from './outbox-dispatcher';
import { PollingLoop } from './polling-loop';
import type { RegisteredPlaybook } from './registered-playbook';
import { migrateWorkflows } from './schema';
import type { CommandGateway } from './task-commands';
import { fireDueTimers, type FiredTimer } from './timer-poller';
import { readWorkflowStatus, type WorkflowStatus } from './workflow-status';

export interface WorkflowRuntimeDependencies {
  readonly playbooks: readonly RegisteredPlaybook[];
  readonly eventStore: EventStore;
  readonly pool: Pool;
  /** For the one dedicated connection that holds the playbooks' feed locks. */
  readonly databaseUrl: string;
  readonly clock: Clock;
  readonly commands: CommandGateway;
  readonly resolver: AssignmentResolver;
}

export interface WorkflowRuntimeOptions {
  readonly feedBatchSize?: number;
  /**
   * A playbook that has caught up reads the feed again no sooner than this (1 s): follow-ups may lag a
   * moment, and bigger batches leave the machine to ingestion and the read models under load.
   */
  readonly feedReadIntervalMs?: number;
  readonly lockRetryMs?: number;
  readonly timerBatchSize?: number;
  /** How often idle pollers look for due timers, due retries and commands to dispatch. */
  readonly pollIntervalMs?: number;
  readonly failureBatchSize?: number;
  readonly dispatchBatchSize?: number;
  /**
   * Between full dispatch rounds while the process is busy (event loop over 80% in use): 500 ms, so a
   * backlog of follow-ups drains at about 100 commands a second under load instead of taking the CPU.
   */
  readonly dispatchBusyPauseMs?: number;
  /** Test seam: whether the process is busy (Node's event-loop utilisation by default). */
  readonly busyGauge?: BusyGauge;
  readonly leaseMs?: number;
  readonly backoff?: Backoff;
  /** Done outbox rows are kept this long, so a replay within it dispatches nothing again. */
  readonly outboxRetentionMs?: number;
  /** Which parts this process runs (all by default); the timer benchmark runs timers alone. */
  readonly parts?: {
    readonly feeds?: boolean;
    readonly timers?: boolean;
    readonly retries?: boolean;
    readonly dispatch?: boolean;
  };
  readonly onError?: (error: Error) => void;
  readonly onTimersFired?: (fired: readonly FiredTimer[], committedAt: Date) => void;
  readonly onCommandsDispatched?: (done: number, failed: number) => void;
  /** Test seams. */
  readonly beforeFeedCommit?: (playbook: string, events: readonly RecordedEvent[]) => Promise<void>;
  readonly beforeDispatch?: (commandId: string) => Promise<void>;
  readonly afterDispatch?: (commandId: string) => Promise<void>;
}

/**
 * Runs playbooks durably: a feed runner per playbook (one owner across workers), a timer poller, a
 * failure retrier and an outbox dispatcher (shared by every worker through SKIP LOCKED).
 */
export class WorkflowRuntime {
  private readonly runners: PlaybookFeedRunner[];
  private readonly loops: PollingLoop[] = [];
  private readonly timers: PollingLoop;
  private readonly retries: PollingLoop;
  private readonly dispatch: PollingLoop;
  private readonly byName: ReadonlyMap<string, RegisteredPlaybook>;
  private readonly locks: AdvisoryLockSession;
  private started = false;

  constructor(
    private readonly deps: WorkflowRuntimeDependencies,
    private readonly options: WorkflowRuntimeOptions = {},
  ) {
    const backoff = options.backoff ?? defaultBackoff;
    const onError = options.onError ?? (() => undefined);
    this.locks = new AdvisoryLockSession(deps.databaseUrl, onError);
    this.byName = new Map(deps.playbooks.map((registered) => [registered.playbook.name, registered]));
    const idle = { idleMs: options.pollIntervalMs ?? 500, onError, errorDelayMs: 1_000 };
    const dispatchBatchSize = options.dispatchBatchSize ?? 50;
    const dispatcher = new OutboxDispatcher(deps.pool, deps.commands, deps.resolver, deps.clock, {
      batchSize: dispatchBatchSize,
      leaseMs: options.leaseMs ?? 60_000,
      backoff,
      beforeDispatch: options.beforeDispatch,
      afterDispatch: options.afterDispatch,
    });
    const pacing = { batchSize: dispatchBatchSize, busyPauseMs: options.dispatchBusyPauseMs ?? 500 };
    const busyGauge = options.busyGauge ?? new EventLoopBusyGauge();
    let lastPurge = 0;
    // Firing is what keeps a timer's promise: while due timers queue up, dispatch gives way to it.
    let timersBacklogged = false;
    // A busy pause holds even when new commands wake the loop: each wake-up only learns the time left.
    let dispatchNotBefore = 0;
    this.dispatch = new PollingLoop(async () => {
      if (timersBacklogged) return 50;
      const paused = dispatchNotBefore - Date.now();
      if (paused > 0) return paused;
      const round = await dispatcher.dispatchDue();
      if (round.claimed > 0) options.onCommandsDispatched?.(round.done, round.failed);
      if (Date.now() - lastPurge > 3_600_000) {
        lastPurge = Date.now();
        await dispatcher.purgeDone(options.outboxRetentionMs ?? 30 * 24 * 3_600_000);
      }
      const next = afterDispatchRound(round.claimed, pacing, busyGauge);
      if (typeof next === 'number') dispatchNotBefore = Date.now() + next;
      return next;
    }, idle);
    const wakeDispatch = (): void => this.dispatch.wake();
    this.runners = deps.playbooks.map(
      (registered) =>
        new PlaybookFeedRunner(registered, deps.eventStore, deps.pool, this.locks, deps.clock, {
          batchSize: options.feedBatchSize ?? 200,
          minReadIntervalMs: options.feedReadIntervalMs ?? 1_000,
          lockRetryMs: options.lockRetryMs ?? 2_000,
          backoff: { initialMs: 500, maxMs: 60_000 },
          onError,
          onCommands: wakeDispatch,
          beforeCommit: options.beforeFeedCommit,
        }),
    );
    const timerBatchSize = options.timerBatchSize ?? 500;
    this.timers = new PollingLoop(async () => {
      const round = await fireDueTimers(deps.pool, this.byName, deps.clock, {
        batchSize: timerBatchSize,
        backoff,
      });
      if (round.fired.length > 0) options.onTimersFired?.(round.fired, deps.clock.now());
      timersBacklogged = round.claimed >= timerBatchSize;
      if (round.commands > 0) wakeDispatch();
      if (timersBacklogged) return 'more';
      // Sleep until the next timer is due (at most the poll interval: another worker may add earlier ones).
      if (!round.nextDueAt) return 'idle';
      // At least 20 ms: due timers held by another worker's transaction must not make this one spin.
      return Math.max(20, round.nextDueAt.getTime() - deps.clock.now().getTime());
    }, idle);
    const failureBatchSize = options.failureBatchSize ?? 100;
    this.retries = new PollingLoop(async () => {
      const round = await retryDueFailures(deps.pool, this.byName, deps.clock, {
        batchSize: failureBatchSize,
        backoff,
      });
      if (round.commands > 0) wakeDispatch();
      return round.claimed === failureBatchSize ? 'more' : 'idle';
    }, idle);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await migrateWorkflows(this.deps.pool);
    const parts = this.options.parts ?? {};
    if (parts.feeds !== false) this.runners.forEach((runner) => runner.start());
    if (this.deps.playbooks.length === 0) return;
    if (parts.timers !== false) this.loops.push(this.timers);
    if (parts.retries !== false) this.loops.push(this.retries);
    if (parts.dispatch !== false) this.loops.push(this.dispatch);
    this.loops.forEach((loop) => loop.start());
  }

  async stop(): Promise<void> {
    await Promise.all([
      ...this.runners.map((runner) => runner.stop()),
      ...this.loops.map((loop) => loop.stop()),
    ]);
    await this.locks.close();
  }

  /** Look for due work now (tests call it after moving their clock). */
  wake(): void {
    this.loops.forEach((loop) => loop.wake());
  }

  get playbookNames(): readonly string[] {
    return [...this.byName.keys()];
  }

  ownerOf(playbook: string): boolean {
    const index = this.deps.playbooks.findIndex((registered) => registered.playbook.name === playbook);
    return this.runners[index]?.current.owner ?? false;
  }

  status(): Promise<WorkflowStatus> {
    return readWorkflowStatus(
      this.deps.pool,
      this.deps.eventStore,
      this.playbookNames,
      this.deps.clock,
      (name) => this.ownerOf(name),
    );
  }
}
