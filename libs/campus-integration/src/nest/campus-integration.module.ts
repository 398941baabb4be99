import { Global, Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { StreamStateCache } from '@continuum/kernel';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { CampusIngestion } from '../inbound/campus-ingestion';
import { CampusMetrics } from '../kafka/campus-metrics';
import { CampusInbox } from '../storage/campus-inbox';
import { DeadLetterStore } from '../storage/dead-letter-store';
import { ReadModelPartnerDirectory } from '../storage/read-model-partner-directory';

/** Campus ingestion for every transport of the process (HTTP controller, Kafka consumer), built once. */
@Global()
@Module({
  providers: [
    { provide: CampusInbox, inject: [Pool], useFactory: (pool: Pool) => new CampusInbox(pool) },
    { provide: DeadLetterStore, inject: [Pool], useFactory: (pool: Pool) => new DeadLetterStore(pool) },
    {
      provide: CampusMetrics,
      inject: [Registry],
      useFactory: (registry: Registry) => new CampusMetrics(registry),
    },
    {
      provide: CampusIngestion,
      inject: [EVENT_STORE, CommandBus, Pool, CampusInbox, StreamStateCache],
      useFactory: (
        store: EventStore,
        commands: CommandBus,
        pool: Pool,
        inbox: CampusInbox,
        streams: StreamStateCache,
      ) =>
        new CampusIngestion(store, commands, new ReadModelPartnerDirectory(pool), inbox, undefined, streams),
    },
  ],
  exports: [CampusInbox, DeadLetterStore, CampusMetrics, CampusIngestion],
})
export class CampusIntegrationModule {}
