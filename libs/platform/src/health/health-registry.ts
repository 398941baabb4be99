export type HealthState = 'up' | 'down' | 'not-configured';

/** One dependency the process needs to serve; later modules add their own (projection lag, event store). */
export interface HealthIndicator {
  /** Key in the readiness report, e.g. `database`. */
  readonly name: string;
  check(): Promise<HealthState>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, HealthState>>;
  /** Why each failing check failed: logged, never sent to callers. */
  readonly failures: Readonly<Record<string, string>>;
}

async function withTimeout(indicator: HealthIndicator, timeoutMs: number): Promise<HealthState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([indicator.check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects health indicators; ready when none is down. */
export class HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();

  constructor(
    indicators: readonly HealthIndicator[] = [],
    private readonly timeoutMs = 3_000,
  ) {
    indicators.forEach((indicator) => this.register(indicator));
  }

  register(indicator: HealthIndicator): void {
    if (this.indicators.has(indicator.name))
      throw new Error(`A health indicator named ${indicator.name} is already registered`);
    this.indicators.set(indicator.name, indicator);
  }

  async readiness(): Promise<ReadinessReport> {
    const checks: Record<string, HealthState> = {};
    const failures: Record<string, string> = {};
    const outcomes = await Promise.allSettled(
      [...this.indicators.values()].map((indicator) => withTimeout(indicator, this.timeoutMs)),
    );
    [...this.indicators.keys()].forEach((name, index) => {
      const outcome = outcomes[index];
      checks[name] = outcome?.status === 'fulfilled' ? outcome.value : 'down';
      if (outcome?.status === 'rejected')
        failures[name] = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    });
    return { ready: Object.values(checks).every((state) => state !== 'down'), checks, failures };
  }
}
