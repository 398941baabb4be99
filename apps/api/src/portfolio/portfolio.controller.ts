import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Roles, ValidQuery } from '@continuum/http';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  fiscalYear,
  fiscalYearOf,
  PORTFOLIO_PROJECTION,
  PortfolioQueries,
  type LineTotals,
  type PartnerActivity,
  type PartnerRanking,
  type RankedPartner,
  type StrategicAccount,
} from '@continuum/portfolio';
import { ReadYourWrites } from '../shared/read-your-writes';
import { FISCAL_YEAR_START, PARTNER_RANKING } from './portfolio.tokens';

/** "Active in several lines" starts here. */
const MULTI_LINE_THRESHOLD = 3;

const portfolioQuery = z.object({
  fiscalYear: z.coerce.number().int().min(1900).max(2999).optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
  minPosition: z.string().optional(),
});

export interface Portfolio {
  readonly fiscalYear: number;
  /** First and last day of the fiscal year (UTC days, inclusive). */
  readonly from: string;
  readonly to: string;
  readonly fiscalYearStartMonth: number;
  readonly lines: LineTotals;
  readonly strategicAccounts: { readonly count: number; readonly partners: readonly StrategicAccount[] };
  readonly multiLinePartners: {
    readonly minLines: number;
    readonly count: number;
    readonly partners: readonly PartnerActivity[];
  };
  readonly topPartners: { readonly rankedBy: string; readonly partners: readonly RankedPartner[] };
}

@ApiTags('portfolio')
@Controller('portfolio')
export class PortfolioController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PARTNER_RANKING) private readonly ranking: PartnerRanking,
    @Inject(FISCAL_YEAR_START) private readonly startMonth: number,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({
    summary:
      'The continuum portfolio of a fiscal year: totals per line, strategic accounts, multi-line and top partners',
    description:
      'Everything counts on its business day (e.g. a gift on receivedOn, an agreement on effectiveDate, a placement on startDate, a hire on hiredOn; a capstone, which names only its term, on the day its sponsorship was recorded as happening). Money is summed exactly, per currency, as decimal strings. Agreement values are as amended and training seats as changed. Pledges: count and amount made in the year, and what all pledges still owed at its end (or today, for a year still running). Activity = line events dated in the year, with merged duplicates counted for their survivor; multi-line partners have activity in at least 3 lines. Strategic accounts are the partners at tier strategic today.',
  })
  @ApiQuery({
    name: 'fiscalYear',
    required: false,
    description: 'e.g. 2026 (1 July 2025 – 30 June 2026); the current one by default',
  })
  @ApiQuery({ name: 'top', required: false, description: 'How many top partners (1–100, 10 by default)' })
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'Wait until the portfolio shows this position',
  })
  @ApiProblems(['invalid-request', 'read-model-behind'])
  async portfolio(@ValidQuery(portfolioQuery) query: z.infer<typeof portfolioQuery>): Promise<Portfolio> {
    await this.readYourWrites.waitFor(PORTFOLIO_PROJECTION, query.minPosition);
    const now = new Date();
    const year = fiscalYear(query.fiscalYear ?? fiscalYearOf(now, this.startMonth), this.startMonth);
    const today = now.toISOString().slice(0, 10);
    // One snapshot for every figure, so a batch the worker commits meanwhile cannot split them.
    const { lines, strategic, multiLine, top } = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (manager) => {
        const queries = new PortfolioQueries(manager);
        return {
          lines: await queries.lineTotals(year, today),
          strategic: await queries.strategicAccounts(year),
          multiLine: await queries.partnersInLines(year, MULTI_LINE_THRESHOLD),
          top: await this.ranking.top(manager, year, query.top),
        };
      },
    );
    return {
      fiscalYear: year.fiscalYear,
      from: year.from,
      to: year.to,
      fiscalYearStartMonth: this.startMonth,
      lines,
      strategicAccounts: { count: strategic.length, partners: strategic },
      multiLinePartners: { minLines: MULTI_LINE_THRESHOLD, count: multiLine.length, partners: multiLine },
      topPartners: { rankedBy: this.ranking.rankedBy, partners: top },
    };
  }
}
