import { Global, Module } from '@nestjs/common';
import { DecideHandler } from './decide.command';
import { LoadHandler } from './load.query';
import { ReadYourWrites } from './read-your-writes';

/** What every API context uses: the Decide/Load handlers and read-your-writes waiting. */
@Global()
@Module({ providers: [DecideHandler, LoadHandler, ReadYourWrites], exports: [ReadYourWrites] })
export class SharedApiModule {}
