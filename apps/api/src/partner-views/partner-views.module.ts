import { Module } from '@nestjs/common';
import { FISCAL_YEAR_START, PartnerViewsReader } from '@continuum/partners';
import { CONFIG, type Config } from '@continuum/platform';
import { DataSource } from 'typeorm';
import { PartnerViewsController } from './partner-views.controller';

@Module({
  controllers: [PartnerViewsController],
  providers: [
    {
      provide: PartnerViewsReader,
      useFactory: (dataSource: DataSource, config: Config) =>
        new PartnerViewsReader(
          dataSource,
          config.FISCAL_YEAR_START_MONTH === undefined
            ? FISCAL_YEAR_START
            : { month: config.FISCAL_YEAR_START_MONTH, day: 1 },
        ),
      inject: [DataSource, CONFIG],
    },
  ],
})
export class PartnerViewsApiModule {}
