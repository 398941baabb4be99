import { Global, Module } from '@nestjs/common';
import { ReadYourWrites } from './read-your-writes';

/** What every API context uses: read-your-writes waiting (Decide/Load come from the platform). */
@Global()
@Module({ providers: [ReadYourWrites], exports: [ReadYourWrites] })
export class SharedApiModule {}
