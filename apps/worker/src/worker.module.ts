import { Module } from '@nestjs/common';

/**
 * Background work: projections, workflows and timers, Kafka consumers and the outbox publisher plug in
 * here. Stop in onModuleDestroy/beforeApplicationShutdown: connections close after that.
 */
@Module({})
export class WorkerModule {}
