export interface StoreBenchConfig {
  /** Timed events per write workload. */
  readonly events: number;
  /** Untimed events before each write workload. */
  readonly warmupEvents: number;
  readonly writers: number;
  readonly streams: number;
  readonly poolSize: number;
  readonly batchSize: number;
  readonly pageSize: number;
  /** Each round runs every contender once, in a rotated order; the report gives medians. */
  readonly rounds: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function readStoreBenchConfig(): StoreBenchConfig {
  const config: StoreBenchConfig = {
    events: positiveInteger('BENCH_EVENTS', 20_000),
    warmupEvents: positiveInteger('BENCH_WARMUP_EVENTS', 1_000),
    writers: positiveInteger('BENCH_WRITERS', 16),
    streams: positiveInteger('BENCH_STREAMS', 1_000),
    poolSize: positiveInteger('BENCH_POOL_SIZE', 16),
    batchSize: 10,
    pageSize: 1_000,
    rounds: positiveInteger('BENCH_ROUNDS', 3),
  };
  if (config.streams < config.writers) throw new Error('BENCH_STREAMS must be at least BENCH_WRITERS');
  return config;
}
