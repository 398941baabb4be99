/** `degraded`: serving, but part of the work is stopped (e.g. one projection); it does not fail readiness. */
export type HealthState = 'up' | 'degraded' | 'down' | 'not-configured';

/** One dependency the process needs to serve; later modules add their own (projection lag, event store). */
export interface HealthIndicator {
  /** Key in the readiness report, e.g. `database`. */
  readonly name: string;
  check(): Promise<HealthState>;
  /** Figures worth showing in the report, e.g. each projection's lag. */
  details?(): Promise<Readonly<Record<string, unknown>>>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, HealthState>>;
  /** Why each failing check failed: logged, never sent to callers. */
  readonly failures: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>>;
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
    const details: Record<string, unknown> = {};
    for (const indicator of this.indicators.values()) {
      if (indicator.details) details[indicator.name] = await indicator.details().catch(() => undefined);
    }
    return { ready: Object.values(checks).every((state) => state !== 'down'), checks, failures, details };
  }
}
