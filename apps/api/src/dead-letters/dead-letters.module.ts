import { Module } from '@nestjs/common';
import { CampusIntegrationModule } from '@continuum/campus-integration';
import { DeadLettersController } from './dead-letters.controller';

@Module({ imports: [CampusIntegrationModule], controllers: [DeadLettersController] })
export class DeadLettersApiModule {}
