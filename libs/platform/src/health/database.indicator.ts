import type { Pool } from 'pg';
import type { HealthIndicator, HealthState } from './health-registry';

/** Up when the application pool can run a query. */
export class DatabaseHealthIndicator implements HealthIndicator {
  readonly name = 'database';

  constructor(private readonly pool: Pool) {}

  async check(): Promise<HealthState> {
    await this.pool.query('SELECT 1');
    return 'up';
  }
}
