import { mergePartners } from '@continuum/partners';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { campusEventSources } from '../testing/campus-sources';
import { sampleEvent, type SampleCompany } from '../testing/campus-event-samples';
import { openCampusHarness, type CampusHarness } from '../testing/campus-harness';
import { toCampusEvent } from '../contract';
import { partnerIdForCompany } from './company-resolution';

let database: TestDatabase;
let harness: CampusHarness;

beforeAll(async () => {
  database = await createTestDatabase('campus_resolution');
  // The feed is checked for merges before every resolution: the merge below must be followed at once.
  harness = await openCampusHarness(database.url, { poolSize: 20, partnerChangesCheckMs: 0 });
});

afterAll(async () => {
  await harness.close();
  await database.drop();
});

const event = (type: Parameters<typeof sampleEvent>[0], company: SampleCompany, ref: string) =>
  toCampusEvent(sampleEvent(type, company, ref), { sources: campusEventSources });

const registrations = async (partnerId: string) =>
  (await harness.store.readStream(`partner-${partnerId}`)).filter((e) => e.type === 'PartnerRegistered');

describe('company identity resolution', () => {
  it('creates one partner when many messages about one new company arrive at once', async () => {
    const newcomer: SampleCompany = {
      system: 'advancement',
      id: 'ORG-RACE',
      name: 'Race Co',
      domain: 'race.example',
    };
    const events = Array.from({ length: 12 }, (_, index) =>
      event('edu.university.curriculum.capstone-sponsored.v1', newcomer, `race-${index}`),
    );
    const outcomes = await Promise.all(events.map((e) => harness.ingestion.ingest(e)));
    const partnerIds = new Set(
      outcomes.map((outcome) => (outcome.status === 'applied' ? outcome.partnerId : undefined)),
    );
    expect([...partnerIds]).toEqual([partnerIdForCompany('advancement', 'ORG-RACE')]);
    expect(await registrations(partnerIdForCompany('advancement', 'ORG-RACE'))).toHaveLength(1);
  });

  it('gives two keys of one company, arriving at once, the partner of their shared web domain', async () => {
    const inResearch: SampleCompany = {
      system: 'research',
      id: 'R-77',
      name: 'Umbrella',
      domain: 'https://www.umbrella.example/',
    };
    const inCareers: SampleCompany = {
      system: 'careers',
      id: 'C-12',
      name: 'Umbrella Corp.',
      domain: 'umbrella.example',
    };
    const [first, second] = await Promise.all([
      harness.ingestion.ingest(event('edu.university.research.agreement-signed.v1', inResearch, 'umbrella')),
      harness.ingestion.ingest(event('edu.university.careers.intern-placed.v1', inCareers, 'umbrella')),
    ]);
    const winner = first.status === 'applied' ? first.partnerId : undefined;
    expect(winner).toBeDefined();
    expect(second).toEqual({ status: 'applied', partnerId: winner });
    const partner = await harness.store.readStream(`partner-${winner ?? ''}`);
    expect(partner.filter((e) => e.type === 'PartnerRegistered')).toHaveLength(1);
    expect(
      partner
        .filter((e) => e.type === 'ExternalRecordLinked')
        .map((e) => e.data as { system: string })
        .map((d) => d.system)
        .sort(),
    ).toEqual(['careers', 'research']);
  });

  it('resolves a known key to its partner again, whatever name and domain the message carries', async () => {
    const known: SampleCompany = { system: 'workforce', id: 'W-1', name: 'Initrode' };
    const first = await harness.ingestion.ingest(
      event('edu.university.workforce.training-contract-signed.v1', known, 'w-1'),
    );
    const renamed = { ...known, name: 'Initrode Global', domain: 'initrode.example' };
    const again = await harness.ingestion.ingest(
      event('edu.university.workforce.training-contract-signed.v1', renamed, 'w-2'),
    );
    expect(again).toEqual(first);
  });

  it('follows a merge: a key of the merged duplicate resolves to the survivor', async () => {
    const duplicate: SampleCompany = { system: 'techtransfer', id: 'T-1', name: 'Dup Inc' };
    const survivor: SampleCompany = { system: 'techtransfer', id: 'T-2', name: 'Survivor Inc' };
    await harness.ingestion.ingest(
      event('edu.university.tech-transfer.license-executed.v1', duplicate, 't-1'),
    );
    await harness.ingestion.ingest(
      event('edu.university.tech-transfer.license-executed.v1', survivor, 't-2'),
    );
    await mergePartners(
      harness.store,
      {
        duplicateId: partnerIdForCompany('techtransfer', 'T-1'),
        survivorId: partnerIdForCompany('techtransfer', 'T-2'),
        mergedBy: 'steward',
        reason: 'same company',
      },
      { metadata: {} },
    );
    const outcome = await harness.ingestion.ingest(
      event('edu.university.tech-transfer.license-executed.v1', duplicate, 't-3'),
    );
    expect(outcome).toEqual({ status: 'applied', partnerId: partnerIdForCompany('techtransfer', 'T-2') });
  });

  it('trusts a key it checked until the feed shows a merge, then follows the merge', async () => {
    const trusting = await openCampusHarness(database.url, { poolSize: 4, partnerChangesCheckMs: 50 });
    try {
      const duplicate: SampleCompany = { system: 'techtransfer', id: 'T-11', name: 'Twin Inc' };
      const survivor: SampleCompany = { system: 'techtransfer', id: 'T-12', name: 'Twin Incorporated' };
      await trusting.ingestion.ingest(
        event('edu.university.tech-transfer.license-executed.v1', duplicate, 't-11'),
      );
      await trusting.ingestion.ingest(
        event('edu.university.tech-transfer.license-executed.v1', survivor, 't-12'),
      );
      const reads = jest.spyOn(trusting.store, 'readStream');
      await trusting.ingestion.ingest(
        event('edu.university.tech-transfer.license-executed.v1', duplicate, 't-13'),
      );
      const partnerReads = () => reads.mock.calls.filter(([stream]) => stream.startsWith('partner-')).length;
      expect(partnerReads()).toBe(0); // the key was checked against its partner a moment ago

      await mergePartners(
        trusting.store,
        {
          duplicateId: partnerIdForCompany('techtransfer', 'T-11'),
          survivorId: partnerIdForCompany('techtransfer', 'T-12'),
          mergedBy: 'steward',
          reason: 'same company',
        },
        { metadata: {} },
      );
      await new Promise((resolve) => setTimeout(resolve, 60)); // past the check interval
      const outcome = await trusting.ingestion.ingest(
        event('edu.university.tech-transfer.license-executed.v1', duplicate, 't-14'),
      );
      expect(outcome).toEqual({ status: 'applied', partnerId: partnerIdForCompany('techtransfer', 'T-12') });
      expect(partnerReads()).toBeGreaterThan(0);
    } finally {
      await trusting.close();
    }
  });

  it('registers a new company without reading its partner or domain streams first', async () => {
    const reads = jest.spyOn(harness.store, 'readStream');
    try {
      const newcomer: SampleCompany = {
        system: 'research',
        id: 'R-NEW',
        name: 'Fresh Co',
        domain: 'fresh.example',
      };
      const outcome = await harness.ingestion.ingest(
        event('edu.university.research.agreement-signed.v1', newcomer, 'fresh'),
      );
      expect(outcome).toEqual({ status: 'applied', partnerId: partnerIdForCompany('research', 'R-NEW') });
      expect(reads.mock.calls.map(([stream]) => stream)).toEqual([]);
      reads.mockClear();
      const amended = await harness.ingestion.ingest(
        event('edu.university.research.agreement-amended.v1', newcomer, 'fresh'),
      );
      expect(amended.status).toBe('applied');
      expect(reads.mock.calls.map(([stream]) => stream)).toEqual([]); // the agreement is known to exist
    } finally {
      reads.mockRestore();
    }
  });

  it('finds a partner another process registered for the same key, and registers it only once', async () => {
    const elsewhere = await openCampusHarness(database.url, { poolSize: 4 });
    try {
      const company: SampleCompany = { system: 'careers', id: 'C-ELSEWHERE', name: 'Twice Co' };
      const first = await elsewhere.ingestion.ingest(
        event('edu.university.careers.intern-placed.v1', company, 'twice-1'),
      );
      const second = await harness.ingestion.ingest(
        event('edu.university.careers.intern-placed.v1', company, 'twice-2'),
      );
      expect(second).toEqual({
        status: 'applied',
        partnerId: first.status === 'applied' ? first.partnerId : '',
      });
      expect(await registrations(partnerIdForCompany('careers', 'C-ELSEWHERE'))).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });
});
