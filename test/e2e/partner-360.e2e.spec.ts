import { formatPosition } from '@continuum/event-store';
import {
  ACADEMIC_YEAR_START,
  FISCAL_YEAR_START,
  isoDay,
  partner360Projection,
  partnerTimelineProjection,
  yearContaining,
} from '@continuum/partners';
import { ProjectionRebuilder, ProjectionStore } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/api';

// Partners, owners, interactions and merges go through the HTTP command routes; the history of the
// continuum lines and tasks is appended to the event store directly, so that each event's business
// time (metadata.occurredAt) can lie in past fiscal and academic years.

let api: TestApi;
const admin = { sub: 'root', roles: ['admin'] } as const;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const manager = { sub: 'maria', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;

const now = new Date();
const DAY = 86_400_000;
const daysAgo = (days: number): string => isoDay(new Date(now.getTime() - days * DAY));
const daysAhead = (days: number): string => daysAgo(-days);
const plusDays = (day: string, days: number): string => isoDay(new Date(Date.parse(day) + days * DAY));
const academicYear = yearContaining(ACADEMIC_YEAR_START, now);
const fiscalYear = yearContaining(FISCAL_YEAR_START, now);
const usd = (amount: string) => ({ amount, currency: 'USD' });

beforeAll(async () => {
  // Playbooks would add their own follow-up tasks to the counts this file checks.
  api = await startTestApi('partner_360', { WORKFLOW_SETTINGS: '{"enabled":false}' });
});

afterAll(async () => {
  await api.close();
});

/** Appends one event with its business time (noon UTC of a day, or an exact instant); returns its position. */
async function append(stream: string, type: string, data: object, occurredAt: string): Promise<string> {
  const at = occurredAt.length === 10 ? `${occurredAt}T12:00:00.000Z` : occurredAt;
  const result = await api.eventStore.append(
    stream,
    [{ id: randomUUID(), type, data, metadata: { occurredAt: at } }],
    'any',
  );
  return formatPosition(result.position);
}

async function command(
  method: string,
  path: string,
  body: unknown,
  as: { sub: string; roles: readonly ('staff' | 'manager' | 'admin')[] } = staff,
): Promise<string> {
  const response = await api.request<{ position: string | null }>(method, path, { as, body });
  expect([200, 201]).toContain(response.status);
  return response.body.position ?? '';
}

const register = (partnerId: string, name: string, extra: Record<string, unknown> = {}) =>
  command('POST', '/v1/partners', { partnerId, name, ...extra });

async function read<Body>(path: string, minPosition?: string): Promise<Body> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await api.request<Body>(
    'GET',
    minPosition ? `${path}${separator}minPosition=${minPosition}` : path,
    { as: auditor },
  );
  expect(response.status).toBe(200);
  return response.body;
}

interface Money {
  amount: string;
  currency: string;
}

interface View360 {
  partnerId: string;
  name: string;
  webDomain: string | null;
  tier: string;
  owner: { staffId: string; name: string | null } | null;
  executiveSponsor: { staffId: string; name: string | null } | null;
  externalLinks: { system: string; externalId: string }[];
  mergedDuplicates: string[];
  mergedInto?: string;
  lines: {
    research: {
      active: boolean;
      agreements: number;
      inForce: number;
      totalValue: Money[];
      nextEndDate: string | null;
      byKind: { kind: string; count: number; inForce: number; totalValue: Money[] }[];
    };
    placements: {
      active: boolean;
      thisAcademicYear: { placements: number; hires: number };
      allTime: { placements: number; hires: number; completed: number };
    };
    recruiting: {
      active: boolean;
      eventsAttended: { thisAcademicYear: number; allTime: number };
      lastAttendedOn: string | null;
    };
    giving: {
      active: boolean;
      gifts: { count: number; thisFiscalYear: Money[]; allTime: Money[] };
      pledges: { count: number; open: number; outstanding: Money[] };
    };
    advisory: { active: boolean; seats: { current: number; allTime: number }; currentBoards: string[] };
    capstones: {
      active: boolean;
      sponsored: number;
      inProgress: number;
      completed: number;
      totalValue: Money[];
    };
    training: {
      active: boolean;
      contracts: number;
      inForce: number;
      seats: { inForce: number; allTime: number };
      totalValue: Money[];
    };
    licensing: {
      active: boolean;
      licenses: number;
      inForce: number;
      byType: { type: string; count: number; inForce: number }[];
      upfrontFees: Money[];
    };
  };
  lastInteraction: { at: string; kind: string; summary: string } | null;
  openTasks: number;
  engagement: {
    score: number;
    components: {
      breadth: { points: number; activeLines: string[] };
      recency: { points: number; lastActivityAt: string | null; daysSinceLastActivity: number | null };
      depth: {
        points: number;
        value: { points: number; amount: string; currency: string };
        volume: { points: number; count: number };
      };
    };
  };
}

interface ListItem {
  partnerId: string;
  name: string;
  tier: string;
  ownerId: string | null;
  activeLines: string[];
  lastActivityAt: string | null;
  score: number;
}

interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

interface Entry {
  at: string;
  recordedAt: string;
  type: string;
  summary: string;
  stream: string;
  position: string;
  partnerId: string;
}

const task = (taskId: string, partnerId: string, title: string) => ({
  taskId,
  partnerId,
  kind: 'follow-up',
  title,
  dueAt: `${daysAhead(7)}T17:00:00.000Z`,
  assignee: { staffId: 'olivia' },
  origin: { createdBy: 'olivia' },
  createdAt: now.toISOString(),
});

describe('Partner 360', () => {
  const acme = `acme-${randomUUID().slice(0, 8)}`;
  const dup = `dup-${randomUUID().slice(0, 8)}`;
  let lastActivityAt = '';
  let lastPosition = '';

  beforeAll(async () => {
    await command(
      'POST',
      '/v1/staff',
      {
        staffId: 'olivia',
        name: 'Olivia Owner',
        email: 'olivia@university.edu',
        teams: ['corporate-relations'],
      },
      admin,
    );
    await register(acme, 'Acmé Robotics, Inc.', { webDomain: 'https://www.acme-robotics.com/' });
    await command('PUT', `/v1/partners/${acme}/owner`, { staffId: 'olivia' });
    await command('PUT', `/v1/partners/${acme}/executive-sponsor`, { staffId: 'provost-sam' });
    await command('POST', `/v1/partners/${acme}/external-links`, {
      system: 'advancement',
      externalId: 'ORG-00172',
    });
    await command(
      'PUT',
      `/v1/partners/${acme}/tier`,
      { tier: 'strategic', reason: 'multi-line partner' },
      manager,
    );
    const interactionAt = new Date(now.getTime() - 3 * DAY).toISOString();
    await command('POST', `/v1/partners/${acme}/interactions`, {
      kind: 'visit',
      occurredAt: interactionAt,
      summary: 'Toured the robotics lab',
      staffIds: ['olivia'],
    });

    const history: [string, string, object, string][] = [
      // Research: one sponsored agreement in force (amended), one expired, an NDA ending soonest.
      [
        `agreement-${acme}-1`,
        'AgreementSigned',
        {
          agreementId: `${acme}-1`,
          partnerId: acme,
          kind: 'SPONSORED_RESEARCH',
          title: 'Soft grippers',
          value: usd('250000.00'),
          effectiveDate: daysAgo(200),
          endDate: daysAhead(400),
        },
        daysAgo(200),
      ],
      [
        `agreement-${acme}-1`,
        'AgreementAmended',
        { agreementId: `${acme}-1`, partnerId: acme, value: usd('275000.25'), amendedOn: daysAgo(90) },
        daysAgo(90),
      ],
      [
        `agreement-${acme}-2`,
        'AgreementSigned',
        {
          agreementId: `${acme}-2`,
          partnerId: acme,
          kind: 'SPONSORED_RESEARCH',
          title: 'Vision',
          value: usd('100000.50'),
          effectiveDate: daysAgo(1500),
          endDate: daysAgo(400),
        },
        daysAgo(1500),
      ],
      [
        `agreement-${acme}-2`,
        'AgreementExpired',
        { agreementId: `${acme}-2`, partnerId: acme, endDate: daysAgo(400), asOf: daysAgo(399) },
        daysAgo(399),
      ],
      [
        `agreement-${acme}-3`,
        'AgreementSigned',
        {
          agreementId: `${acme}-3`,
          partnerId: acme,
          kind: 'NDA',
          title: 'Mutual NDA',
          effectiveDate: daysAgo(100),
          endDate: daysAhead(90),
        },
        daysAgo(100),
      ],
      // Placements: two this academic year (one hired), one last year (hired then).
      [
        `placement-${acme}-1`,
        'InternPlaced',
        {
          placementId: `${acme}-1`,
          partnerId: acme,
          studentRef: 'stu-1',
          program: 'ME',
          role: 'Robotics Intern',
          startDate: academicYear.from,
          endDate: plusDays(academicYear.from, 60),
        },
        academicYear.from,
      ],
      [
        `placement-${acme}-1`,
        'PlacementCompleted',
        {
          placementId: `${acme}-1`,
          partnerId: acme,
          outcome: 'COMPLETED',
          offeredFullTime: true,
          completedOn: academicYear.from,
        },
        academicYear.from,
      ],
      [
        `placement-${acme}-1`,
        'InternConvertedToHire',
        { placementId: `${acme}-1`, partnerId: acme, hiredOn: daysAgo(0) },
        daysAgo(0),
      ],
      [
        `placement-${acme}-2`,
        'InternPlaced',
        {
          placementId: `${acme}-2`,
          partnerId: acme,
          studentRef: 'stu-2',
          program: 'EE',
          role: 'Firmware Intern',
          startDate: plusDays(academicYear.from, -100),
          endDate: plusDays(academicYear.from, -20),
        },
        plusDays(academicYear.from, -100),
      ],
      [
        `placement-${acme}-2`,
        'PlacementCompleted',
        {
          placementId: `${acme}-2`,
          partnerId: acme,
          outcome: 'COMPLETED',
          completedOn: plusDays(academicYear.from, -20),
        },
        plusDays(academicYear.from, -20),
      ],
      [
        `placement-${acme}-2`,
        'InternConvertedToHire',
        { placementId: `${acme}-2`, partnerId: acme, hiredOn: plusDays(academicYear.from, -10) },
        plusDays(academicYear.from, -10),
      ],
      [
        `placement-${acme}-3`,
        'InternPlaced',
        {
          placementId: `${acme}-3`,
          partnerId: acme,
          studentRef: 'stu-3',
          program: 'CS',
          role: 'Vision Intern',
          startDate: daysAgo(0),
          endDate: daysAhead(90),
        },
        daysAgo(0),
      ],
      // Recruiting: one event this academic year, one last year.
      [
        `recruiting-fair-${acme}`,
        'RecruitingEventAttended',
        {
          eventId: `fair-${acme}`,
          partnerId: acme,
          eventName: 'Fall Career Fair',
          date: academicYear.from,
          recruiters: 3,
        },
        academicYear.from,
      ],
      [
        `recruiting-expo-${acme}`,
        'RecruitingEventAttended',
        {
          eventId: `expo-${acme}`,
          partnerId: acme,
          eventName: 'Spring Expo',
          date: plusDays(academicYear.from, -30),
        },
        plusDays(academicYear.from, -30),
      ],
      // Giving: gifts this fiscal year (USD and EUR) and last, a pledge part-paid, one written off.
      [
        `gift-${acme}-1`,
        'GiftReceived',
        {
          giftId: `${acme}-1`,
          partnerId: acme,
          amount: usd('25000.00'),
          giftType: 'CASH',
          designation: 'Robotics Lab Equipment Fund',
          receivedOn: fiscalYear.from,
        },
        fiscalYear.from,
      ],
      [
        `gift-${acme}-2`,
        'GiftReceived',
        {
          giftId: `${acme}-2`,
          partnerId: acme,
          amount: usd('10000.10'),
          giftType: 'CASH',
          designation: 'Scholarships',
          receivedOn: plusDays(fiscalYear.from, -1),
        },
        plusDays(fiscalYear.from, -1),
      ],
      [
        `gift-${acme}-3`,
        'GiftReceived',
        {
          giftId: `${acme}-3`,
          partnerId: acme,
          amount: { amount: '500.05', currency: 'EUR' },
          giftType: 'CASH',
          designation: 'Student club',
          receivedOn: fiscalYear.from,
        },
        fiscalYear.from,
      ],
      [
        `pledge-${acme}-1`,
        'PledgeMade',
        {
          pledgeId: `${acme}-1`,
          partnerId: acme,
          amount: usd('100000.00'),
          designation: 'Chair in Robotics',
          madeOn: plusDays(fiscalYear.from, -200),
        },
        plusDays(fiscalYear.from, -200),
      ],
      [
        `gift-${acme}-4`,
        'GiftReceived',
        {
          giftId: `${acme}-4`,
          partnerId: acme,
          amount: usd('40000.00'),
          giftType: 'PLEDGE_PAYMENT',
          designation: 'Chair in Robotics',
          receivedOn: plusDays(fiscalYear.from, -100),
          pledgeId: `${acme}-1`,
        },
        plusDays(fiscalYear.from, -100),
      ],
      [
        `pledge-${acme}-1`,
        'PledgePaymentApplied',
        {
          pledgeId: `${acme}-1`,
          partnerId: acme,
          giftId: `${acme}-4`,
          amount: usd('40000.00'),
          paidOn: plusDays(fiscalYear.from, -100),
          outstanding: usd('60000.00'),
        },
        plusDays(fiscalYear.from, -100),
      ],
      [
        `pledge-${acme}-2`,
        'PledgeMade',
        {
          pledgeId: `${acme}-2`,
          partnerId: acme,
          amount: usd('5000.00'),
          designation: 'Hackathon',
          madeOn: daysAgo(1000),
        },
        daysAgo(1000),
      ],
      [
        `pledge-${acme}-2`,
        'PledgeWrittenOff',
        {
          pledgeId: `${acme}-2`,
          partnerId: acme,
          reason: 'company restructured',
          writtenOffOn: daysAgo(900),
          amountWrittenOff: usd('5000.00'),
        },
        daysAgo(900),
      ],
      // Advisory: a current open-ended seat, and an ended one.
      [
        `advisory-eab-${acme}`,
        'AdvisorySeatAccepted',
        { boardId: 'eab', boardName: 'Engineering Advisory Board', partnerId: acme, termStart: daysAgo(300) },
        daysAgo(300),
      ],
      [
        `advisory-bab-${acme}`,
        'AdvisorySeatAccepted',
        {
          boardId: 'bab',
          boardName: 'Business Advisory Board',
          partnerId: acme,
          termStart: daysAgo(1000),
          termEnd: daysAgo(300),
        },
        daysAgo(1000),
      ],
      [
        `advisory-bab-${acme}`,
        'AdvisorySeatEnded',
        { boardId: 'bab', partnerId: acme, termStart: daysAgo(1000), endedOn: daysAgo(800) },
        daysAgo(800),
      ],
      // Capstones: one completed with a value, one in progress.
      [
        `capstone-${acme}-1`,
        'CapstoneSponsored',
        { projectId: `${acme}-1`, partnerId: acme, course: 'ME 490', term: 'Fall', value: usd('15000.00') },
        daysAgo(150),
      ],
      [
        `capstone-${acme}-1`,
        'CapstoneCompleted',
        { projectId: `${acme}-1`, partnerId: acme, completedOn: daysAgo(30) },
        daysAgo(30),
      ],
      [
        `capstone-${acme}-2`,
        'CapstoneSponsored',
        { projectId: `${acme}-2`, partnerId: acme, course: 'CS 499', term: 'Spring' },
        daysAgo(20),
      ],
      // Training: a contract in force whose seats grew, and an old completed one.
      [
        `training-${acme}-1`,
        'TrainingContractSigned',
        {
          contractId: `${acme}-1`,
          partnerId: acme,
          programName: 'ROS bootcamp',
          seats: 20,
          value: usd('60000.00'),
          startDate: daysAgo(50),
          endDate: daysAhead(300),
        },
        daysAgo(50),
      ],
      [
        `training-${acme}-1`,
        'TrainingSeatsChanged',
        { contractId: `${acme}-1`, partnerId: acme, seats: 25, previousSeats: 20, changedOn: daysAgo(40) },
        daysAgo(40),
      ],
      [
        `training-${acme}-2`,
        'TrainingContractSigned',
        {
          contractId: `${acme}-2`,
          partnerId: acme,
          programName: 'Leadership',
          seats: 10,
          value: usd('12000.00'),
          startDate: daysAgo(900),
          endDate: daysAgo(600),
        },
        daysAgo(900),
      ],
      [
        `training-${acme}-2`,
        'TrainingContractCompleted',
        { contractId: `${acme}-2`, partnerId: acme, completedOn: daysAgo(600) },
        daysAgo(600),
      ],
      // Licensing: an old exclusive license still in force (keeps the line active), a terminated option.
      [
        `license-${acme}-1`,
        'LicenseExecuted',
        {
          licenseId: `${acme}-1`,
          partnerId: acme,
          technology: 'Soft gripper',
          licenseType: 'EXCLUSIVE',
          upfrontFee: usd('50000.00'),
          executedOn: daysAgo(1200),
        },
        daysAgo(1200),
      ],
      [
        `license-${acme}-2`,
        'LicenseExecuted',
        {
          licenseId: `${acme}-2`,
          partnerId: acme,
          technology: 'Depth camera',
          licenseType: 'OPTION',
          executedOn: daysAgo(1000),
        },
        daysAgo(1000),
      ],
      [
        `license-${acme}-2`,
        'LicenseTerminated',
        { licenseId: `${acme}-2`, partnerId: acme, reason: 'option lapsed', terminatedOn: daysAgo(800) },
        daysAgo(800),
      ],
      // Tasks: three created, one completed, one cancelled.
      [`task-${acme}-1`, 'TaskCreated', task(`${acme}-1`, acme, 'Send the lab report'), daysAgo(5)],
      [`task-${acme}-2`, 'TaskCreated', task(`${acme}-2`, acme, 'Thank the donor'), daysAgo(5)],
      [
        `task-${acme}-2`,
        'TaskCompleted',
        {
          taskId: `${acme}-2`,
          partnerId: acme,
          outcome: 'letter sent',
          completedBy: 'olivia',
          completedAt: now.toISOString(),
        },
        daysAgo(4),
      ],
      [`task-${acme}-3`, 'TaskCreated', task(`${acme}-3`, acme, 'Plan the visit'), daysAgo(5)],
      [
        `task-${acme}-3`,
        'TaskCancelled',
        {
          taskId: `${acme}-3`,
          partnerId: acme,
          reason: 'visit done',
          cancelledBy: 'olivia',
          cancelledAt: now.toISOString(),
        },
        daysAgo(4),
      ],
    ];
    const lineInstants: string[] = [interactionAt];
    for (const [stream, type, data, occurredAt] of history) {
      lastPosition = await append(stream, type, data, occurredAt);
      if (!stream.startsWith('task-')) lineInstants.push(`${occurredAt}T12:00:00.000Z`);
    }
    lastActivityAt = lineInstants.sort().at(-1)!;
  });

  it('shows the profile: name, domain, tier, owner (named from the staff directory), sponsor and links', async () => {
    const view = await read<View360>(`/v1/partners/${acme}/360`, lastPosition);
    expect(view).toMatchObject({
      partnerId: acme,
      name: 'Acmé Robotics, Inc.',
      webDomain: 'acme-robotics.com',
      tier: 'strategic',
      owner: { staffId: 'olivia', name: 'Olivia Owner' },
      executiveSponsor: { staffId: 'provost-sam', name: null },
      externalLinks: [{ system: 'advancement', externalId: 'ORG-00172' }],
      mergedDuplicates: [],
      openTasks: 1,
    });
    expect(view.lastInteraction).toEqual({
      at: new Date(now.getTime() - 3 * DAY).toISOString(),
      kind: 'visit',
      summary: 'Toured the robotics lab',
    });
  });

  it("adds up every line's figures exactly, cutting fiscal and academic years at 1 July and 1 September", async () => {
    const { lines } = await read<View360>(`/v1/partners/${acme}/360`, lastPosition);
    expect(lines.research).toEqual({
      active: true,
      agreements: 3,
      inForce: 2,
      totalValue: [usd('375000.75')],
      nextEndDate: daysAhead(90),
      byKind: [
        { kind: 'NDA', count: 1, inForce: 1, totalValue: [] },
        { kind: 'SPONSORED_RESEARCH', count: 2, inForce: 1, totalValue: [usd('375000.75')] },
      ],
    });
    expect(lines.placements).toEqual({
      active: true,
      thisAcademicYear: { placements: 2, hires: 1 },
      allTime: { placements: 3, hires: 2, completed: 2 },
    });
    expect(lines.recruiting).toEqual({
      active: true,
      eventsAttended: { thisAcademicYear: 1, allTime: 2 },
      lastAttendedOn: academicYear.from,
    });
    expect(lines.giving).toEqual({
      active: true,
      gifts: {
        count: 4,
        thisFiscalYear: [{ amount: '500.05', currency: 'EUR' }, usd('25000.00')],
        allTime: [{ amount: '500.05', currency: 'EUR' }, usd('75000.10')],
      },
      pledges: { count: 2, open: 1, outstanding: [usd('60000.00')] },
    });
    expect(lines.advisory).toEqual({
      active: true,
      seats: { current: 1, allTime: 2 },
      currentBoards: ['Engineering Advisory Board'],
    });
    expect(lines.capstones).toEqual({
      active: true,
      sponsored: 2,
      inProgress: 1,
      completed: 1,
      totalValue: [usd('15000.00')],
    });
    expect(lines.training).toEqual({
      active: true,
      contracts: 2,
      inForce: 1,
      seats: { inForce: 25, allTime: 35 },
      totalValue: [usd('72000.00')],
    });
    expect(lines.licensing).toEqual({
      active: true,
      licenses: 2,
      inForce: 1,
      byType: [
        { type: 'EXCLUSIVE', count: 1, inForce: 1 },
        { type: 'OPTION', count: 1, inForce: 0 },
      ],
      upfrontFees: [usd('50000.00')],
    });
  });

  it('scores engagement from breadth, recency and depth, showing each component', async () => {
    const { engagement } = await read<View360>(`/v1/partners/${acme}/360`, lastPosition);
    // Every line active (open-ended seat, license and capstone included); USD value started in 24 months:
    // 275,000.25 + 25,000.00 + 10,000.10 + 40,000.00 + 15,000.00 + 60,000.00; 17 items started in 24 months.
    expect(engagement.components.breadth).toMatchObject({
      points: 40,
      activeLines: [
        'research',
        'placements',
        'recruiting',
        'giving',
        'advisory',
        'capstones',
        'training',
        'licensing',
      ],
    });
    expect(engagement.components.recency).toMatchObject({
      points: 30,
      lastActivityAt,
      daysSinceLastActivity: 0,
    });
    expect(engagement.components.depth).toMatchObject({
      points: 28.1,
      value: { points: 13.1, amount: '425000.35', currency: 'USD' },
      volume: { points: 15, count: 17 },
    });
    expect(engagement.score).toBe(98);
  });

  it('scores a partner last active 380 days ago with one small gift', async () => {
    const quiet = `quiet-${randomUUID().slice(0, 8)}`;
    await register(quiet, 'Quiet Instruments');
    const at = new Date(now.getTime() - 380 * DAY).toISOString();
    const position = await append(
      `gift-${quiet}`,
      'GiftReceived',
      {
        giftId: quiet,
        partnerId: quiet,
        amount: usd('1000.00'),
        giftType: 'CASH',
        designation: 'General',
        receivedOn: at.slice(0, 10),
      },
      at,
    );
    const { engagement, lines } = await read<View360>(`/v1/partners/${quiet}/360`, position);
    expect(lines.giving.gifts).toEqual({
      count: 1,
      thisFiscalYear: [usd('0.00')],
      allTime: [usd('1000.00')],
    });
    expect(engagement).toMatchObject({
      score: 26,
      components: {
        breadth: { points: 8, activeLines: ['giving'] },
        recency: { points: 15, lastActivityAt: at, daysSinceLastActivity: 380 },
        depth: { points: 2.8, value: { points: 1.5, amount: '1000.00' }, volume: { points: 1.3, count: 1 } },
      },
    });
  });

  it("counts a merged duplicate's lines for the survivor, answers mergedInto for the duplicate, and undoes", async () => {
    await register(dup, 'ACME Robotics GmbH');
    await command('POST', `/v1/partners/${dup}/external-links`, { system: 'careers', externalId: 'EMP-9' });
    await append(
      `gift-${dup}`,
      'GiftReceived',
      {
        giftId: dup,
        partnerId: dup,
        amount: usd('1000.00'),
        giftType: 'CASH',
        designation: 'Robotics Lab Equipment Fund',
        receivedOn: fiscalYear.from,
      },
      fiscalYear.from,
    );
    await append(`task-${dup}`, 'TaskCreated', task(dup, dup, 'Call the duplicate'), daysAgo(2));
    const merged = await command('POST', `/v1/partners/${dup}/merge`, {
      survivorId: acme,
      reason: 'same company',
    });

    const survivor = await read<View360>(`/v1/partners/${acme}/360`, merged);
    expect(survivor.mergedDuplicates).toEqual([dup]);
    expect(survivor.externalLinks).toEqual([
      { system: 'advancement', externalId: 'ORG-00172' },
      { system: 'careers', externalId: 'EMP-9' },
    ]);
    expect(survivor.lines.giving.gifts).toEqual({
      count: 5,
      thisFiscalYear: [{ amount: '500.05', currency: 'EUR' }, usd('26000.00')],
      allTime: [{ amount: '500.05', currency: 'EUR' }, usd('76000.10')],
    });
    expect(survivor.openTasks).toBe(2);
    // A line event recorded against the old id after the merge still counts for the survivor.
    const late = await append(
      `gift-${dup}-late`,
      'GiftReceived',
      {
        giftId: `${dup}-late`,
        partnerId: dup,
        amount: usd('0.01'),
        giftType: 'CASH',
        designation: 'Late',
        receivedOn: fiscalYear.from,
      },
      fiscalYear.from,
    );
    expect((await read<View360>(`/v1/partners/${acme}/360`, late)).lines.giving.gifts.allTime).toContainEqual(
      usd('76000.11'),
    );
    expect(await read<View360>(`/v1/partners/${dup}/360`, late)).toEqual({
      partnerId: dup,
      name: 'ACME Robotics GmbH',
      mergedInto: acme,
    });
    const list = await read<Page<ListItem>>('/v1/partners?search=acme&limit=200', late);
    expect(list.items.map((item) => item.partnerId)).toEqual([acme]);
    const timeline = await read<Page<Entry>>(`/v1/partners/${acme}/timeline?limit=200`, late);
    expect(timeline.items).toContainEqual(
      expect.objectContaining({ partnerId: dup, type: 'GiftReceived', stream: `gift-${dup}-late` }),
    );

    const undone = await command('POST', `/v1/partners/${dup}/merge/undo`, { reason: 'different companies' });
    const back = await read<View360>(`/v1/partners/${acme}/360`, undone);
    expect(back.mergedDuplicates).toEqual([]);
    expect(back.externalLinks).toEqual([{ system: 'advancement', externalId: 'ORG-00172' }]);
    expect(back.lines.giving.gifts.allTime).toEqual([{ amount: '500.05', currency: 'EUR' }, usd('75000.10')]);
    expect(back.openTasks).toBe(1);
    const duplicate = await read<View360>(`/v1/partners/${dup}/360`, undone);
    expect(duplicate.mergedInto).toBeUndefined();
    expect(duplicate.externalLinks).toEqual([{ system: 'careers', externalId: 'EMP-9' }]);
    expect(duplicate.lines.giving.gifts.allTime).toEqual([usd('1000.01')]);
    expect(duplicate.openTasks).toBe(1);
  });

  it('shows a gift recorded through the API at once to a caller passing its position', async () => {
    const giftId = `${acme}-api`;
    const response = await api.request<{ position: string }>('POST', '/v1/gifts', {
      as: staff,
      body: {
        giftId,
        partnerId: acme,
        amount: { amount: '0.90', currency: 'USD' },
        giftType: 'CASH',
        designation: 'Robotics Lab Equipment Fund',
        receivedOn: daysAgo(0),
      },
    });
    expect(response.status).toBe(201);
    const view = await read<View360>(`/v1/partners/${acme}/360`, response.body.position);
    expect(view.lines.giving.gifts.count).toBe(5);
    expect(view.lines.giving.gifts.allTime).toContainEqual(usd('75001.00'));
    const timeline = await read<Page<Entry>>(
      `/v1/partners/${acme}/timeline?limit=200`,
      response.body.position,
    );
    expect(timeline.items.find((entry) => entry.stream === `gift-${giftId}`)).toMatchObject({
      type: 'GiftReceived',
      summary: 'Gift of 0.90 USD received (Robotics Lab Equipment Fund)',
      stream: `gift-${giftId}`,
      position: response.body.position,
    });
  });

  it('rebuilds from the feed into the same 360 and timeline, so apply depends on the events alone', async () => {
    const snapshot = async () => {
      const {
        asOf: _asOf,
        engagement,
        ...view
      } = await read<View360 & { asOf: string }>(`/v1/partners/${acme}/360`);
      const { asOf: _scoredAt, ...score } = engagement as View360['engagement'] & { asOf: string };
      const timeline = await read<Page<Entry>>(`/v1/partners/${acme}/timeline?limit=200`);
      return { view, score, timeline };
    };
    const live = await snapshot();
    const dataSource = api.app.get(DataSource);
    const rebuilder = new ProjectionRebuilder(api.eventStore, dataSource, new ProjectionStore(dataSource));
    expect(await rebuilder.rebuild(partner360Projection)).toMatchObject({ generation: 2 });
    expect(await rebuilder.rebuild(partnerTimelineProjection)).toMatchObject({ generation: 2 });
    expect(await snapshot()).toEqual(live);
  });

  it('answers 404 partner-not-found for a partner never registered', async () => {
    for (const path of ['/v1/partners/nobody-here/360', '/v1/partners/nobody-here/timeline']) {
      const response = await api.request<{ code: string }>('GET', path, { as: auditor });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('partner-not-found');
    }
  });

  it('is the resource itself: GET /v1/partners/{id} answers the same 360 as /360', async () => {
    type View = { asOf: string; engagement: { asOf: string } };
    const withoutClock = ({ body }: { body: View }) => ({
      ...body,
      asOf: 0,
      engagement: { ...body.engagement, asOf: 0 },
    });
    const atResource = await api.request<View>('GET', `/v1/partners/${acme}`, { as: auditor });
    const at360 = await api.request<View>('GET', `/v1/partners/${acme}/360`, { as: auditor });
    expect(atResource.status).toBe(200);
    expect(atResource.body).toMatchObject({ partnerId: acme });
    expect(withoutClock(atResource)).toEqual(withoutClock(at360));
  });

  it('is readable by staff, managers, auditors and admins only', async () => {
    const integration = { sub: 'banner', roles: ['integration'] } as const;
    expect((await api.request('GET', `/v1/partners/${acme}/360`, { as: integration })).status).toBe(403);
    expect((await api.request('GET', '/v1/partners', { as: integration })).status).toBe(403);
    expect((await api.request('GET', `/v1/partners/${acme}/360`, { as: staff })).status).toBe(200);
  });
});

describe('Partner timeline', () => {
  it('lists one plain-language entry per event, newest business time first, paged by cursor', async () => {
    const partnerId = `tl-${randomUUID().slice(0, 8)}`;
    await register(partnerId, 'Timeline Labs');
    await command('POST', `/v1/partners/${partnerId}/interactions`, {
      kind: 'meeting',
      occurredAt: '2024-03-01T09:00:00Z',
      summary: 'Kick-off with the lab',
      staffIds: ['alice'],
    });
    await append(
      `gift-${partnerId}`,
      'GiftReceived',
      {
        giftId: partnerId,
        partnerId,
        amount: usd('25000.00'),
        giftType: 'CASH',
        designation: 'Robotics Lab Equipment Fund',
        receivedOn: '2024-05-02',
      },
      '2024-05-02T10:00:00.000Z',
    );
    await append(
      `placement-${partnerId}`,
      'InternPlaced',
      {
        placementId: partnerId,
        partnerId,
        studentRef: 'stu-7',
        program: 'Mechanical Engineering',
        role: 'Robotics Intern',
        startDate: '2024-06-03',
        endDate: '2024-08-30',
      },
      '2024-06-01T08:00:00.000Z',
    );
    // Same business time as the gift: the later-recorded event comes first.
    const last = await append(
      `task-${partnerId}`,
      'TaskCreated',
      {
        ...task(partnerId, partnerId, 'Thank the donor'),
        dueAt: '2024-05-09T17:00:00.000Z',
        assignee: { team: 'advancement' },
      },
      '2024-05-02T10:00:00.000Z',
    );

    const entries: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/v1/partners/${partnerId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<Entry> = await read<Page<Entry>>(path, last);
      entries.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(entries.map(({ type, summary, at }) => ({ type, summary, at: at.slice(0, 10) }))).toEqual([
      {
        type: 'PartnerRegistered',
        summary: 'Partner "Timeline Labs" registered as prospect',
        at: isoDay(new Date()),
      },
      {
        type: 'InternPlaced',
        summary: 'Intern placed as Robotics Intern (Mechanical Engineering, 2024-06-03 to 2024-08-30)',
        at: '2024-06-01',
      },
      {
        type: 'TaskCreated',
        summary: 'Task "Thank the donor" created for the advancement queue, due 2024-05-09',
        at: '2024-05-02',
      },
      {
        type: 'GiftReceived',
        summary: 'Gift of 25,000.00 USD received (Robotics Lab Equipment Fund)',
        at: '2024-05-02',
      },
      { type: 'InteractionLogged', summary: 'Meeting: Kick-off with the lab', at: '2024-03-01' },
    ]);
    expect(entries[3]).toMatchObject({
      stream: `gift-${partnerId}`,
      at: '2024-05-02T10:00:00.000Z',
      partnerId,
    });
    expect(entries[3]!.position).toMatch(/^\d+$/);
    expect(Date.parse(entries[3]!.recordedAt)).toBeGreaterThan(Date.parse(entries[3]!.at));
    expect(BigInt(entries[2]!.position)).toBeGreaterThan(BigInt(entries[3]!.position));
  });

  it('refuses a cursor it did not hand out', async () => {
    const response = await api.request<{ code: string }>('GET', '/v1/partners?cursor=bogus', { as: auditor });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid-request');
  });
});

describe('Partner list', () => {
  const owner = `lister-${randomUUID().slice(0, 6)}`;
  const names = [
    'Société Générale Lab',
    'Ångström Optics',
    'zeta systems',
    'Beta Dynamics',
    'Alpha Materials',
    'Éclair Foods',
    'delta Aerospace',
    'Gamma Rays Ltd',
    'Omega Biotech',
    'Kappa Quantum',
    'Lambda Logistics',
    'Mu Microsystems',
    'Nu Networks',
    'Xi Semiconductors',
    'Omicron Energy',
    'Pi Pharmaceuticals',
    'Rho Robotics',
    'Sigma Software',
    'Tau Textiles',
    'Upsilon Utilities',
    'Phi Photonics',
    'Chi Chemicals',
    'Psi Security',
  ];
  const ids = new Map<string, string>();
  let position = '';

  beforeAll(async () => {
    for (const [index, name] of names.entries()) {
      const partnerId = `list-${index}-${randomUUID().slice(0, 6)}`;
      ids.set(name, partnerId);
      await register(partnerId, name, {
        webDomain: `${name.split(' ')[0]!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.example`,
        tier: index % 3 === 0 ? 'strategic' : 'engaged',
      });
      position = await command('PUT', `/v1/partners/${partnerId}/owner`, { staffId: owner });
    }
    // Activity for three of them: different depth and recency give different scores.
    const gift = (name: string, amount: string, days: number) => {
      const partnerId = ids.get(name)!;
      return append(
        `gift-${partnerId}-${days}`,
        'GiftReceived',
        {
          giftId: `${partnerId}-${days}`,
          partnerId,
          amount: usd(amount),
          giftType: 'CASH',
          designation: 'General',
          receivedOn: daysAgo(days),
        },
        daysAgo(days),
      );
    };
    await gift('Rho Robotics', '500000.00', 10);
    await gift('Rho Robotics', '1000.00', 20);
    await gift('Beta Dynamics', '1000.00', 400);
    position = await gift('Tau Textiles', '50000.00', 5);
  });

  const listPath = (query: string) => `/v1/partners?owner=${owner}&${query}`;

  async function all(query: string, limit: number): Promise<{ items: ListItem[]; pages: number }> {
    const items: ListItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page<ListItem> = await read<Page<ListItem>>(
        listPath(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
        position,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    return { items, pages };
  }

  const folded = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

  it('pages through more partners than fit a page, by name ignoring case and accents', async () => {
    const { items, pages } = await all('sort=name', 10);
    expect(pages).toBe(3);
    expect(items.map((item) => item.name)).toEqual(
      [...names].sort((a, b) => (folded(a) < folded(b) ? -1 : 1)),
    );
    expect(new Set(items.map((item) => item.partnerId)).size).toBe(names.length);
  });

  it('finds partners by name or domain, whatever the case and accents', async () => {
    const search = async (term: string) =>
      (await read<Page<ListItem>>(listPath(`search=${encodeURIComponent(term)}`), position)).items.map(
        (item) => item.name,
      );
    expect(await search('societe generale')).toEqual(['Société Générale Lab']);
    expect(await search('ANGSTRÖM')).toEqual(['Ångström Optics']);
    expect(await search('eclair')).toEqual(['Éclair Foods']);
    expect(await search('ZETA.example')).toEqual(['zeta systems']);
    expect(await search('gamma rays ltd.')).toEqual(['Gamma Rays Ltd']);
    expect(await search('no such partner')).toEqual([]);
  });

  it('filters by tier, owner and active line', async () => {
    const strategic = (await all('tier=strategic', 200)).items;
    expect(strategic.map((item) => item.name).sort()).toEqual(
      names.filter((_, index) => index % 3 === 0).sort(),
    );
    expect(strategic.every((item) => item.tier === 'strategic' && item.ownerId === owner)).toBe(true);
    const giving = (await all('line=giving', 200)).items;
    expect(giving.map((item) => item.name)).toEqual(['Beta Dynamics', 'Rho Robotics', 'Tau Textiles']);
    expect(giving.every((item) => item.activeLines.includes('giving'))).toBe(true);
    expect((await all('line=research', 200)).items).toEqual([]);
    const other = await read<Page<ListItem>>('/v1/partners?owner=nobody-owns-these', position);
    expect(other.items).toEqual([]);
  });

  it('sorts by score, highest first, ties by name, across pages', async () => {
    const { items, pages } = await all('sort=score', 4);
    expect(pages).toBe(6);
    expect(items.slice(0, 3).map((item) => item.name)).toEqual([
      'Rho Robotics',
      'Tau Textiles',
      'Beta Dynamics',
    ]);
    expect(items.slice(0, 3).every((item) => item.score > 0)).toBe(true);
    const rest = items.slice(3);
    expect(rest.every((item) => item.score === 0)).toBe(true);
    expect(rest.map((item) => item.name)).toEqual(
      rest.map((item) => item.name).sort((a, b) => (folded(a) < folded(b) ? -1 : 1)),
    );
    expect(items).toHaveLength(names.length);
  });

  it('sorts by last activity, most recent first, partners without any last', async () => {
    const { items } = await all('sort=lastActivity', 5);
    expect(items.slice(0, 3).map((item) => item.name)).toEqual([
      'Tau Textiles',
      'Rho Robotics',
      'Beta Dynamics',
    ]);
    expect(items[0]!.lastActivityAt).toBe(`${daysAgo(5)}T12:00:00.000Z`);
    expect(items.slice(3).every((item) => item.lastActivityAt === null)).toBe(true);
    expect(items).toHaveLength(names.length);
  });

  it('refuses a cursor made for another ordering, and a limit above 200', async () => {
    const first = await read<Page<ListItem>>(listPath('sort=name&limit=2'), position);
    const mixed = await api.request('GET', listPath(`sort=score&cursor=${first.nextCursor}`), {
      as: auditor,
    });
    expect(mixed.status).toBe(400);
    const tooMany = await api.request('GET', listPath('limit=500'), { as: auditor });
    expect(tooMany.status).toBe(400);
  });
});
