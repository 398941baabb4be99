import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_STORE } from '@continuum/event-store';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Infrastructure } from './bootstrap/infrastructure';
import { CONFIG, provideConfig } from './config/config.provider';
import type { Config } from './config/config.schema';
import type { DatabaseSchema } from './database/database-schema';
import { DATABASE_URL, dataSourceProvider, poolProvider } from './database/database.providers';
import { DatabaseHealthIndicator } from './health/database.indicator';
import { EventStoreHealthIndicator } from './health/event-store.indicator';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { KafkaHealthIndicator } from './health/kafka.indicator';
import { LoggingModule } from './logging/logging.module';
import { CommandsModule } from './cqrs/commands.module';
import { MetricsController } from './metrics/metrics.controller';
import { metricsRegistryProvider } from './metrics/metrics.provider';
import { Registry } from 'prom-client';
import { INFRASTRUCTURE, PlatformLifecycle } from './platform.lifecycle';

export interface PlatformOptions {
  readonly infrastructure: Infrastructure;
  readonly logger: Logger;
  /** Read-model entities and migrations of every context in this process. */
  readonly schemas?: readonly DatabaseSchema[];
}

/** Global: config, database, event store, logging and health for every module of the process. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { infrastructure } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [LoggingModule.forRoot(options.logger), CommandsModule],
      controllers: [HealthController, MetricsController],
      providers: [
        provideConfig(infrastructure.config),
        { provide: INFRASTRUCTURE, useValue: infrastructure },
        { provide: DATABASE_URL, useValue: infrastructure.databaseUrl },
        { provide: EVENT_STORE, useValue: infrastructure.eventStore },
        poolProvider,
        dataSourceProvider(options.schemas ?? []),
        {
          provide: HealthRegistry,
          inject: [Pool, CONFIG],
          useFactory: (pool: Pool, config: Config) =>
            new HealthRegistry([
              new DatabaseHealthIndicator(pool),
              new KafkaHealthIndicator({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID }),
              // On PostgreSQL the database check already covers the store.
              ...(config.EVENT_STORE === 'eventstoredb'
                ? [
                    new EventStoreHealthIndicator({
                      store: infrastructure.eventStore,
                      adapter: 'eventstoredb',
                    }),
                  ]
                : []),
            ]),
        },
        PlatformLifecycle,
        metricsRegistryProvider,
      ],
      exports: [CONFIG, DATABASE_URL, EVENT_STORE, Pool, DataSource, HealthRegistry, Registry],
    };
  }
}
