import { Module } from '@nestjs/common';
import { CampusIntegrationModule } from '@continuum/campus-integration';
import { CampusEventsController } from './campus-events.controller';

@Module({ imports: [CampusIntegrationModule], controllers: [CampusEventsController] })
export class CampusEventsApiModule {}
