import { Module } from '@nestjs/common';
import { ProjectionsModule } from './projections/projections.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { PublisherModule } from './publisher/publisher.module';
import { CampusConsumerModule } from './campus/campus-consumer.module';

/**
 * Background work: projections, workflows and timers, Kafka consumers and the publisher plug in
 * here. Stop in onModuleDestroy/beforeApplicationShutdown: connections close after that.
 */
@Module({ imports: [ProjectionsModule, PublisherModule, CampusConsumerModule, WorkflowsModule] })
export class WorkerModule {}
