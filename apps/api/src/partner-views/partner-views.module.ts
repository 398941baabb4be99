import { Module } from '@nestjs/common';
import { PartnerViewsReader } from '@continuum/partners';
import { DataSource } from 'typeorm';
import { PartnerViewsController } from './partner-views.controller';

@Module({
  controllers: [PartnerViewsController],
  providers: [
    {
      provide: PartnerViewsReader,
      useFactory: (dataSource: DataSource) => new PartnerViewsReader(dataSource),
      inject: [DataSource],
    },
  ],
})
export class PartnerViewsApiModule {}
