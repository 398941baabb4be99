import { formatPosition } from '@continuum/event-store';
import { ProjectionRebuilder, ProjectionStore } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fiscalYear, fiscalYearOf, portfolioProjection } from '@continuum/portfolio';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const manager = { sub: 'mona', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;

interface Money {
  amount: string;
  currency: string;
}
interface PartnerActivity {
  partnerId: string;
  name: string | null;
  activity: number;
  lines: string[];
}
interface Portfolio {
  fiscalYear: number;
  from: string;
  to: string;
  fiscalYearStartMonth: number;
  lines: {
    research: {
      agreements: {
        count: number;
        value: Money[];
        byKind: { kind: string; count: number; value: Money[] }[];
      };
    };
    placements: { placements: number; hires: number };
    recruiting: { attendances: number; recruiters: number };
    giving: {
      gifts: { count: number; total: Money[] };
      pledges: { count: number; made: Money[]; outstanding: Money[]; outstandingAsOf: string };
    };
    advisory: { seats: number };
    capstones: { capstones: number; value: Money[] };
    training: { contracts: number; seats: number; value: Money[] };
    licensing: { licences: number; upfrontFees: Money[] };
  };
  strategicAccounts: { count: number; partners: (PartnerActivity & { tier: string })[] };
  multiLinePartners: { minLines: number; count: number; partners: PartnerActivity[] };
  topPartners: { rankedBy: string; partners: PartnerActivity[] };
}

/** The highest position written so far: every read passes it, so it sees all of the setup. */
let lastPosition = '0';
const advance = (position: string | null | undefined): void => {
  if (position && BigInt(position) > BigInt(lastPosition)) lastPosition = position;
};

async function send(method: string, path: string, body: Record<string, unknown>): Promise<void> {
  const response = await api.request<{ position: string | null }>(method, path, { as: manager, body });
  expect({ path, status: response.status }).toEqual({
    path,
    status:
      method === 'POST' && !/\/(amendments|payments|write-off|complete|hire|merge|undo)$/.test(path)
        ? 201
        : 200,
  });
  advance(response.body.position);
}
const post = (path: string, body: Record<string, unknown>) => send('POST', path, body);

const usd = (amount: string): Money => ({ amount, currency: 'USD' });
const eur = (amount: string): Money => ({ amount, currency: 'EUR' });

const portfolio = async (query: string): Promise<Portfolio> => {
  const response = await api.request<Portfolio>('GET', `/v1/portfolio?${query}&minPosition=${lastPosition}`, {
    as: auditor,
  });
  expect(response.status).toBe(200);
  return response.body;
};

beforeAll(async () => {
  api = await startTestApi('portfolio');
  for (const [partnerId, name, tier] of [
    ['p-acme', 'Acme', 'strategic'],
    ['p-globex', 'Globex', 'partner'],
    ['p-initech', 'Initech', 'engaged'],
    ['p-hooli', 'Hooli', 'prospect'],
    ['p-dup', 'ACME Corp (duplicate)', 'strategic'],
  ] as const) {
    await post('/v1/partners', { partnerId, name, tier });
  }
  await send('PUT', '/v1/partners/p-globex/tier', { tier: 'strategic', reason: 'Board approved' });

  // FY2025 runs from 2024-07-01 to 2025-06-30: facts sit on both sides of both boundaries.
  const agreement = { title: 'Joint research', endDate: '2027-12-31' };
  await post('/v1/research-agreements', {
    ...agreement,
    agreementId: 'RA-1',
    partnerId: 'p-acme',
    kind: 'SPONSORED_RESEARCH',
    value: usd('250000.10'),
    effectiveDate: '2024-07-01',
  });
  await post('/v1/research-agreements/RA-1/amendments', { value: usd('300000.15'), amendedOn: '2024-09-01' });
  await post('/v1/research-agreements', {
    ...agreement,
    agreementId: 'RA-2',
    partnerId: 'p-globex',
    kind: 'NDA',
    effectiveDate: '2025-06-30',
  });
  await post('/v1/research-agreements', {
    ...agreement,
    agreementId: 'RA-3',
    partnerId: 'p-initech',
    kind: 'SPONSORED_RESEARCH',
    value: eur('100'),
    effectiveDate: '2024-06-30',
  });
  await post('/v1/research-agreements', {
    ...agreement,
    agreementId: 'RA-4',
    partnerId: 'p-acme',
    kind: 'SPONSORED_RESEARCH',
    value: usd('0.05'),
    effectiveDate: '2025-07-01',
  });

  const gift = { giftType: 'CASH', designation: 'Scholarships' };
  for (const [giftId, partnerId, amount, receivedOn] of [
    ['G-1', 'p-acme', usd('0.10'), '2024-07-01'],
    ['G-2', 'p-globex', usd('0.20'), '2025-06-30'],
    ['G-3', 'p-initech', usd('999999999999999.99'), '2024-12-01'],
    ['G-4', 'p-acme', eur('50.00'), '2025-01-15'],
    ['G-5', 'p-initech', usd('7.77'), '2024-06-30'],
    ['G-6', 'p-dup', { amount: '1.00', currency: 'GBP' }, '2025-03-01'],
    ['G-7', 'p-hooli', usd('3.00'), '2025-01-01'],
  ] as const) {
    await post('/v1/gifts', { ...gift, giftId, partnerId, amount, receivedOn });
  }

  await post('/v1/pledges', {
    pledgeId: 'PL-1',
    partnerId: 'p-globex',
    amount: usd('1000.00'),
    designation: 'Labs',
    madeOn: '2024-08-01',
  });
  await post('/v1/pledges/PL-1/payments', { giftId: 'G-P1', amount: usd('400.00'), paidOn: '2024-09-01' });
  await post('/v1/pledges/PL-1/payments', { giftId: 'G-P2', amount: usd('700.00'), paidOn: '2025-07-15' });
  await post('/v1/pledges', {
    pledgeId: 'PL-2',
    partnerId: 'p-initech',
    amount: eur('500.00'),
    designation: 'Chairs',
    madeOn: '2024-05-01',
  });
  await post('/v1/pledges/PL-2/write-off', { reason: 'Company sold', writtenOffOn: '2025-07-02' });

  const placement = { studentRef: 'stu-7f3a', program: 'BEng', role: 'Intern' };
  await post('/v1/placements', {
    ...placement,
    placementId: 'PLC-1',
    partnerId: 'p-acme',
    startDate: '2024-07-01',
    endDate: '2024-12-20',
  });
  await post('/v1/placements/PLC-1/complete', {
    outcome: 'COMPLETED',
    offeredFullTime: true,
    completedOn: '2024-12-20',
  });
  await post('/v1/placements/PLC-1/hire', { hiredOn: '2025-07-01' });
  await post('/v1/placements', {
    ...placement,
    placementId: 'PLC-2',
    partnerId: 'p-globex',
    startDate: '2025-06-30',
    endDate: '2025-09-01',
  });
  await post('/v1/placements', {
    ...placement,
    placementId: 'PLC-3',
    partnerId: 'p-initech',
    startDate: '2024-06-30',
    endDate: '2024-08-30',
  });

  const fair = { eventName: 'Autumn career fair', date: '2024-10-10' };
  await post('/v1/recruiting-events/EV-1/attendances', { ...fair, partnerId: 'p-acme', recruiters: 3 });
  await post('/v1/recruiting-events/EV-1/attendances', { ...fair, partnerId: 'p-globex', recruiters: 2 });
  await post('/v1/recruiting-events/EV-1/attendances', { ...fair, partnerId: 'p-hooli' });
  await post('/v1/recruiting-events/EV-2/attendances', {
    eventName: 'Summer fair',
    date: '2025-07-01',
    partnerId: 'p-initech',
  });

  await post('/v1/advisory-boards/B-1/seats', {
    boardName: 'Engineering advisory board',
    partnerId: 'p-acme',
    termStart: '2024-09-01',
  });

  await post('/v1/training-contracts', {
    contractId: 'TR-1',
    partnerId: 'p-globex',
    programName: 'Data upskilling',
    seats: 20,
    value: usd('12000.00'),
    startDate: '2024-11-01',
  });
  await send('PUT', '/v1/training-contracts/TR-1/seats', { seats: 25, changedOn: '2025-01-01' });

  await post('/v1/licenses', {
    licenseId: 'LIC-1',
    partnerId: 'p-initech',
    technology: 'Battery anode',
    licenseType: 'EXCLUSIVE',
    upfrontFee: usd('25000.00'),
    executedOn: '2025-06-30',
  });
  await post('/v1/licenses', {
    licenseId: 'LIC-2',
    partnerId: 'p-acme',
    technology: 'Soft gripper',
    licenseType: 'OPTION',
    executedOn: '2025-07-01',
  });

  // A capstone names only its term: it counts on the day it happened. The HTTP route records
  // "now", so this past one is appended as its campus feed would deliver it.
  const appended = await api.eventStore.append(
    'capstone-CAP-1',
    [
      {
        id: randomUUID(),
        type: 'CapstoneSponsored',
        data: {
          projectId: 'CAP-1',
          partnerId: 'p-initech',
          course: 'ENG 499',
          term: 'Spring 2025',
          value: usd('5000.00'),
        },
        metadata: { occurredAt: '2025-02-01T10:00:00Z' },
      },
    ],
    'any',
  );
  advance(formatPosition(appended.position));

  await post('/v1/partners/p-dup/merge', { survivorId: 'p-acme', reason: 'Same company' });
});

afterAll(async () => {
  await api.close();
});

describe('Portfolio', () => {
  it('totals every line for the fiscal year by business date: 30 June is in, 1 July is the next year', async () => {
    const fy2025 = await portfolio('fiscalYear=2025');
    expect(fy2025).toMatchObject({
      fiscalYear: 2025,
      from: '2024-07-01',
      to: '2025-06-30',
      fiscalYearStartMonth: 7,
    });
    expect(fy2025.lines).toEqual({
      research: {
        agreements: {
          count: 2,
          value: [usd('300000.15')],
          byKind: [
            { kind: 'NDA', count: 1, value: [] },
            { kind: 'SPONSORED_RESEARCH', count: 1, value: [usd('300000.15')] },
          ],
        },
      },
      placements: { placements: 2, hires: 0 },
      recruiting: { attendances: 3, recruiters: 5 },
      giving: {
        gifts: {
          count: 6,
          total: [eur('50.00'), { amount: '1.00', currency: 'GBP' }, usd('1000000000000003.29')],
        },
        pledges: {
          count: 1,
          made: [usd('1000.00')],
          outstanding: [eur('500.00'), usd('600.00')],
          outstandingAsOf: '2025-06-30',
        },
      },
      advisory: { seats: 1 },
      capstones: { capstones: 1, value: [usd('5000.00')] },
      training: { contracts: 1, seats: 25, value: [usd('12000.00')] },
      licensing: { licences: 1, upfrontFees: [usd('25000.00')] },
    });
  });

  it('puts what happened on 30 June 2024 in FY2024 and on 1 July 2025 in FY2026', async () => {
    const fy2024 = await portfolio('fiscalYear=2024');
    expect(fy2024.lines.research.agreements).toMatchObject({ count: 1, value: [eur('100.00')] });
    expect(fy2024.lines.giving.gifts).toEqual({ count: 1, total: [usd('7.77')] });
    expect(fy2024.lines.giving.pledges).toEqual({
      count: 1,
      made: [eur('500.00')],
      outstanding: [eur('500.00')],
      outstandingAsOf: '2024-06-30',
    });
    expect(fy2024.lines.placements).toEqual({ placements: 1, hires: 0 });

    const fy2026 = await portfolio('fiscalYear=2026');
    expect(fy2026.lines.research.agreements).toMatchObject({ count: 1, value: [usd('0.05')] });
    expect(fy2026.lines.placements).toEqual({ placements: 0, hires: 1 });
    expect(fy2026.lines.recruiting).toEqual({ attendances: 1, recruiters: 0 });
    expect(fy2026.lines.licensing).toEqual({ licences: 1, upfrontFees: [] });
    expect(fy2026.lines.giving.gifts).toEqual({ count: 0, total: [] });
    // The overpaying payment and the write-off, both in July 2025, leave nothing owed.
    expect(fy2026.lines.giving.pledges).toMatchObject({ count: 0, made: [], outstanding: [] });
  });

  it('lists partners active in three or more lines, counting a merged duplicate for its survivor', async () => {
    const { multiLinePartners, topPartners, strategicAccounts } = await portfolio('fiscalYear=2025&top=3');
    const acme = {
      partnerId: 'p-acme',
      name: 'Acme',
      activity: 9,
      lines: ['research', 'placements', 'recruiting', 'giving', 'advisory'],
    };
    const globex = {
      partnerId: 'p-globex',
      name: 'Globex',
      activity: 8,
      lines: ['research', 'placements', 'recruiting', 'giving', 'training'],
    };
    const initech = {
      partnerId: 'p-initech',
      name: 'Initech',
      activity: 3,
      lines: ['giving', 'capstones', 'licensing'],
    };
    // Hooli has a gift and a recruiting fair: two lines, not three.
    expect(multiLinePartners).toEqual({ minLines: 3, count: 3, partners: [acme, globex, initech] });
    expect(topPartners).toEqual({ rankedBy: 'activity', partners: [acme, globex, initech] });
    // The duplicate was registered strategic, but merged away it is no account of its own.
    expect(strategicAccounts).toEqual({
      count: 2,
      partners: [
        { ...acme, tier: 'strategic' },
        { ...globex, tier: 'strategic' },
      ],
    });
  });

  it('defaults to the current fiscal year and refuses a malformed one', async () => {
    const now = new Date();
    const current = fiscalYear(fiscalYearOf(now));
    const response = await portfolio('top=1');
    expect(response).toMatchObject({ fiscalYear: current.fiscalYear, from: current.from, to: current.to });
    for (const query of ['fiscalYear=twenty', 'fiscalYear=2025.5', 'top=0', 'top=101']) {
      const refused = await api.request('GET', `/v1/portfolio?${query}`, { as: auditor });
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
  });

  it('shows a new gift at once to a caller who passes the position the recording returned', async () => {
    const recorded = await api.request<{ position: string }>('POST', '/v1/gifts', {
      as: manager,
      body: {
        giftId: 'G-8',
        partnerId: 'p-hooli',
        amount: usd('0.01'),
        giftType: 'CASH',
        designation: 'Scholarships',
        receivedOn: '2025-06-30',
      },
    });
    expect(recorded.status).toBe(201);
    const response = await api.request<Portfolio>(
      'GET',
      `/v1/portfolio?fiscalYear=2025&minPosition=${recorded.body.position}`,
      { as: auditor },
    );
    expect(response.body.lines.giving.gifts).toEqual({
      count: 7,
      total: [eur('50.00'), { amount: '1.00', currency: 'GBP' }, usd('1000000000000003.30')],
    });
    advance(recorded.body.position);
  });

  it('answers the same after a rebuild from the feed as it did live', async () => {
    const live = await Promise.all([2024, 2025, 2026].map((year) => portfolio(`fiscalYear=${year}`)));
    const dataSource = api.app.get(DataSource);
    const rebuilt = await new ProjectionRebuilder(
      api.eventStore,
      dataSource,
      new ProjectionStore(dataSource),
    ).rebuild(portfolioProjection);
    expect(rebuilt.generation).toBe(2);
    const again = await Promise.all([2024, 2025, 2026].map((year) => portfolio(`fiscalYear=${year}`)));
    expect(again).toEqual(live);
  });

  it('gives the duplicate its own activity back when the merge is undone', async () => {
    await post('/v1/partners/p-dup/merge/undo', { reason: 'Not the same company after all' });
    const { topPartners } = await portfolio('fiscalYear=2025&top=10');
    expect(topPartners.partners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partnerId: 'p-acme', activity: 8 }),
        expect.objectContaining({ partnerId: 'p-dup', activity: 1, lines: ['giving'] }),
      ]),
    );
  });
});
