import type { ProjectionHost } from '@continuum/projections';
import type { HealthIndicator, HealthState } from '@continuum/platform';

/** A stopped projection degrades the service (its read model goes stale) without failing readiness. */
export class ProjectionsHealthIndicator implements HealthIndicator {
  readonly name = 'projections';

  constructor(private readonly host: ProjectionHost) {}

  async check(): Promise<HealthState> {
    const lag = await this.host.lag();
    return lag.some((projection) => projection.state === 'failed') ? 'degraded' : 'up';
  }

  async details(): Promise<Record<string, unknown>> {
    const lag = await this.host.lag();
    return Object.fromEntries(lag.map(({ projection, ...figures }) => [projection, figures]));
  }
}
