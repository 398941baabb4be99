import type { FiscalYear } from './fiscal-year';
import { PortfolioQueries, type PartnerActivity, type PortfolioReader } from './portfolio.queries';

export interface RankedPartner extends PartnerActivity {
  /** Present when the ranking scores partners (e.g. the partner 360's engagement score). */
  readonly score?: number;
}

/**
 * How the portfolio picks its top partners. Activity (line events in the year) for now; the
 * engagement score of the partner 360 plugs in here as another implementation.
 */
export interface PartnerRanking {
  readonly rankedBy: string;
  top(reader: PortfolioReader, year: FiscalYear, limit: number): Promise<readonly RankedPartner[]>;
}

export class ActivityRanking implements PartnerRanking {
  readonly rankedBy = 'activity';

  top(reader: PortfolioReader, year: FiscalYear, limit: number): Promise<readonly RankedPartner[]> {
    return new PortfolioQueries(reader).mostActivePartners(year, limit);
  }
}
