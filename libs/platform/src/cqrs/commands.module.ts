import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StreamStateCache } from '@continuum/kernel';
import { DecideHandler } from './decide.command';
import { LoadHandler } from './load.query';

/** One CommandBus/QueryBus per process, so HTTP controllers, workflows and campus ingestion dispatch the same way. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  // One cache per process, shared by every command: it only ever saves a read (see StreamStateCache).
  providers: [
    { provide: StreamStateCache, useFactory: () => new StreamStateCache() },
    DecideHandler,
    LoadHandler,
  ],
  exports: [CqrsModule, StreamStateCache],
})
export class CommandsModule {}
