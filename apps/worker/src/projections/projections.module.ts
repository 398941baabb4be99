import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { HealthRegistry } from '@continuum/platform';
import { ProjectionHost } from '@continuum/projections';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { allProjections } from './all-projections';
import { ProjectionsHealthIndicator } from './projections-health';
import { registerProjectionMetrics } from './projections-metrics';

@Injectable()
class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(ProjectionHost) private readonly host: ProjectionHost,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Registry) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register(new ProjectionsHealthIndicator(this.host));
    registerProjectionMetrics(this.metrics, this.host);
    await this.host.start();
  }

  // Before PlatformLifecycle closes the connections the runners use.
  async onModuleDestroy(): Promise<void> {
    await this.host.stop();
  }
}

/** Runs every read model's projection: one owner per projection across worker processes. */
@Module({
  providers: [
    {
      provide: ProjectionHost,
      inject: [EVENT_STORE, DataSource],
      useFactory: (store: EventStore, dataSource: DataSource) => {
        const logger = new Logger('Projections');
        return new ProjectionHost(allProjections, store, dataSource, {
          onError: (error) => logger.error(error.message),
        });
      },
    },
    ProjectionsLifecycle,
  ],
  exports: [ProjectionHost],
})
export class ProjectionsModule {}
