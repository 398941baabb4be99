import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { Infrastructure } from './bootstrap/infrastructure';

export const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

/**
 * Releases connections last: Nest runs every module's onModuleDestroy and beforeApplicationShutdown
 * (where workers stop) and closes HTTP before any onApplicationShutdown.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger(PlatformLifecycle.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: Infrastructure,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(
      `Shutting down${signal ? ` on ${signal}` : ''}: closing database connections and the event store`,
    );
    try {
      await this.dataSource.destroy();
      await this.pool.end();
    } finally {
      await this.infrastructure.close();
    }
    this.logger.log('Shut down cleanly');
  }
}
