import { Module } from '@nestjs/common';
import { ProjectionsModule } from './projections/projections.module';

/**
 * Background work: projections, workflows and timers, Kafka consumers and the publisher plug in
 * here. Stop in onModuleDestroy/beforeApplicationShutdown: connections close after that.
 */
@Module({ imports: [ProjectionsModule] })
export class WorkerModule {}
