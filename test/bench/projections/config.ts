export interface ProjectionBenchConfig {
  /** Events in the generated history (staff and partner registrations included). */
  readonly events: number;
  readonly partners: number;
  /** Concurrent writers appending the history. */
  readonly writers: number;
  readonly poolSize: number;
  /** Single-event appends per second while the host runs. */
  readonly liveRate: number;
  readonly liveSeconds: number;
  /** Also rebuild each projection alone, one after another (the operator's `npm run projections rebuild`). */
  readonly soloRebuilds: boolean;
  readonly seed: number;
  readonly pageSize: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new Error(`${name} must be 1/true or 0/false, got "${raw}"`);
}

export function readProjectionBenchConfig(): ProjectionBenchConfig {
  const config: ProjectionBenchConfig = {
    events: positiveInteger('BENCH_EVENTS', 200_000),
    partners: positiveInteger('BENCH_PARTNERS', 5_000),
    writers: positiveInteger('BENCH_WRITERS', 8),
    poolSize: positiveInteger('BENCH_POOL_SIZE', 10),
    liveRate: positiveInteger('BENCH_LIVE_RATE', 500),
    liveSeconds: positiveInteger('BENCH_LIVE_SECONDS', 20),
    soloRebuilds: flag('BENCH_SOLO_REBUILDS', true),
    seed: positiveInteger('BENCH_SEED', 20_241),
    pageSize: 1_000,
  };
  if (config.events < config.partners * 6)
    throw new Error('BENCH_EVENTS must be at least 6 per partner (registration, owner, contacts, links)');
  return config;
}
