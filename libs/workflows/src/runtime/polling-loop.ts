import { sleep } from './transaction';

export interface PollingLoopOptions {
  /** Sleep this long when a round found less than a full batch. */
  readonly idleMs: number;
  readonly onError: (error: Error) => void;
  readonly errorDelayMs: number;
}

/** Runs `round` again at once while it reports a full batch, else after `idleMs` (or a wake-up). */
export class PollingLoop {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private wakeUp: AbortController = new AbortController();

  constructor(
    /** `more`: go again now; `idle`: sleep `idleMs`; a number: sleep that long (at most `idleMs`). */
    private readonly round: () => Promise<'more' | 'idle' | number>,
    private readonly options: PollingLoopOptions,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Runs the next round now instead of at the end of the idle sleep. */
  wake(): void {
    this.wakeUp.abort();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeUp.abort();
    await this.running;
  }

  private consumeWakeUp(): boolean {
    if (!this.wakeUp.signal.aborted) return false;
    this.wakeUp = new AbortController();
    return true;
  }

  private async loop(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let outcome: 'more' | 'idle' | 'error' | number;
      try {
        outcome = await this.round();
      } catch (error) {
        this.options.onError(error instanceof Error ? error : new Error(String(error)));
        outcome = 'error';
      }
      if (outcome === 'more') continue;
      // A wake-up during the round means new work may have arrived after the round looked.
      if (this.consumeWakeUp()) continue;
      const signal = AbortSignal.any([this.stopping.signal, this.wakeUp.signal]);
      const delay =
        outcome === 'error'
          ? this.options.errorDelayMs
          : outcome === 'idle'
            ? this.options.idleMs
            : Math.max(0, Math.min(outcome, this.options.idleMs));
      await sleep(delay, signal);
      this.consumeWakeUp();
    }
  }
}
