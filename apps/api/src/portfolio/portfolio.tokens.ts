/** The PartnerRanking that orders the portfolio's top partners (activity now; the engagement score later). */
export const PARTNER_RANKING = Symbol('PartnerRanking');
/** Month (1–12) fiscal years start on. */
export const FISCAL_YEAR_START = Symbol('FiscalYearStartMonth');
