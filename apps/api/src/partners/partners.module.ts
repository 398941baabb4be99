import { Module } from '@nestjs/common';
import { MergePartnersHandler, UndoPartnerMergeHandler } from './merge-partners.command';
import { PartnersController } from './partners.controller';

@Module({
  controllers: [PartnersController],
  providers: [MergePartnersHandler, UndoPartnerMergeHandler],
})
export class PartnersApiModule {}
