import { loadConfig } from '@continuum/platform';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const manager = { sub: 'mona', roles: ['manager'] } as const;

interface Portfolio {
  fiscalYear: number;
  from: string;
  to: string;
  fiscalYearStartMonth: number;
  lines: { research: { agreements: { count: number } } };
}

let lastPosition = '0';

async function post(path: string, body: Record<string, unknown>): Promise<void> {
  const response = await api.request<{ position: string | null }>('POST', path, { as: manager, body });
  expect({ path, status: response.status }).toEqual({ path, status: 201 });
  if (response.body.position) lastPosition = response.body.position;
}

async function portfolio(fiscalYear: number): Promise<Portfolio> {
  const response = await api.request<Portfolio>(
    'GET',
    `/v1/portfolio?fiscalYear=${fiscalYear}&minPosition=${lastPosition}`,
    { as: manager },
  );
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  // Calendar fiscal years: FY2025 is 2025-01-01 to 2025-12-31.
  api = await startTestApi('portfolio_fiscal_year', { FISCAL_YEAR_START_MONTH: '1' });
  await post('/v1/partners', { partnerId: 'p-calendar', name: 'Calendar Corp', tier: 'partner' });
  for (const [agreementId, effectiveDate] of [
    ['RA-DEC', '2024-12-31'],
    ['RA-JAN', '2025-01-01'],
    ['RA-JUL', '2025-07-01'],
  ] as const)
    await post('/v1/research-agreements', {
      agreementId,
      partnerId: 'p-calendar',
      kind: 'NDA',
      title: 'Exchange',
      effectiveDate,
      endDate: '2027-12-31',
    });
  const year = new Date().getUTCFullYear();
  for (const [giftId, amount, receivedOn] of [
    ['G-LAST-DEC', '100.00', `${year - 1}-12-31`],
    ['G-THIS-JAN', '7.00', `${year}-01-01`],
  ] as const)
    await post('/v1/gifts', {
      giftId,
      partnerId: 'p-calendar',
      amount: { amount, currency: 'USD' },
      giftType: 'CASH',
      designation: 'Scholarships',
      receivedOn,
    });
});

afterAll(async () => {
  await api.close();
});

describe('Portfolio fiscal year start (FISCAL_YEAR_START_MONTH)', () => {
  it('cuts fiscal years at the configured month', async () => {
    const fy2025 = await portfolio(2025);
    expect(fy2025).toMatchObject({
      fiscalYear: 2025,
      from: '2025-01-01',
      to: '2025-12-31',
      fiscalYearStartMonth: 1,
    });
    // 1 July starts no new year here: both 2025 agreements count in FY2025, the one of 31 December 2024 does not.
    expect(fy2025.lines.research.agreements.count).toBe(2);
    expect((await portfolio(2024)).lines.research.agreements.count).toBe(1);
  });

  it("counts the partner 360's gifts this fiscal year from the same month", async () => {
    const response = await api.request<{
      lines: { giving: { gifts: { thisFiscalYear: { amount: string; currency: string }[] } } };
    }>('GET', `/v1/partners/p-calendar?minPosition=${lastPosition}`, { as: manager });
    expect(response.status).toBe(200);
    expect(response.body.lines.giving.gifts.thisFiscalYear).toEqual([{ amount: '7.00', currency: 'USD' }]);
  });

  it('defaults to 1 July and refuses a month that does not exist', () => {
    expect(loadConfig({}).FISCAL_YEAR_START_MONTH).toBeUndefined();
    expect(loadConfig({ FISCAL_YEAR_START_MONTH: '7' }).FISCAL_YEAR_START_MONTH).toBe(7);
    for (const month of ['0', '13', 'July', '6.5'])
      expect(() => loadConfig({ FISCAL_YEAR_START_MONTH: month })).toThrow(/FISCAL_YEAR_START_MONTH/);
  });
});
