import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DecideHandler } from './decide.command';
import { LoadHandler } from './load.query';

/** One CommandBus/QueryBus per process, so HTTP controllers, workflows and campus ingestion dispatch the same way. */
@Global()
@Module({ imports: [CqrsModule.forRoot()], providers: [DecideHandler, LoadHandler], exports: [CqrsModule] })
export class CommandsModule {}
