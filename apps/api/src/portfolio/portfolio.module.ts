import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@continuum/platform';
import { ActivityRanking, FISCAL_YEAR_START_MONTH, type PartnerRanking } from '@continuum/portfolio';
import { PortfolioController } from './portfolio.controller';
import { FISCAL_YEAR_START, PARTNER_RANKING } from './portfolio.tokens';

@Module({
  controllers: [PortfolioController],
  providers: [
    // The seam for the partner 360's engagement score: provide another PartnerRanking here.
    { provide: PARTNER_RANKING, useFactory: (): PartnerRanking => new ActivityRanking() },
    {
      provide: FISCAL_YEAR_START,
      useFactory: (config: Config): number => config.FISCAL_YEAR_START_MONTH ?? FISCAL_YEAR_START_MONTH,
      inject: [CONFIG],
    },
  ],
})
export class PortfolioApiModule {}
