import type { ProjectionHost, ProjectionLag } from '@continuum/projections';
import { Gauge, type Registry } from 'prom-client';

/** Lag and failure per projection, computed when Prometheus scrapes. */
export function registerProjectionMetrics(registry: Registry, host: ProjectionHost): void {
  // prom-client collects gauges concurrently: they share one lag reading per scrape.
  let reading: Promise<ProjectionLag[]> | undefined;
  const lag = (): Promise<ProjectionLag[]> => {
    reading ??= host.lag().finally(() => setTimeout(() => (reading = undefined), 100));
    return reading;
  };
  const gauge = (name: string, help: string, value: (entry: ProjectionLag) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        for (const entry of await lag()) this.set({ projection: entry.projection }, value(entry));
      },
    });
  };
  gauge(
    'continuum_projection_lag_positions',
    'Global positions between the feed head and the projection checkpoint',
    (entry) => Number(entry.positionsBehind),
  );
  gauge(
    'continuum_projection_lag_seconds',
    'Age of the oldest event the projection has not applied',
    (entry) => entry.secondsBehind,
  );
  gauge(
    'continuum_projection_failed',
    '1 while the projection is stopped at an event it cannot apply',
    (entry) => (entry.state === 'failed' ? 1 : 0),
  );
}
