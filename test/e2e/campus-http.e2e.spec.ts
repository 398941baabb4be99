import { partnerIdForCompany } from '@continuum/campus-integration';
import {
  allTypesInOrder,
  sampleEvent,
  type RawCampusEvent,
  type SampleCompany,
} from '../../libs/campus-integration/src/testing/campus-event-samples';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const integration = { sub: 'advancement-system', roles: ['integration'] } as const;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const SINGLE = { 'content-type': 'application/cloudevents+json' };
const BATCH = { 'content-type': 'application/cloudevents-batch+json' };

beforeAll(async () => {
  api = await startTestApi('campus_http');
});

afterAll(async () => {
  await api.close();
});

interface Accepted {
  applied: number;
  duplicates: number;
}
interface Problem {
  type: string;
  status: number;
  errors: { index: number; id?: string; reason: string; field: string; message: string }[];
}

const post = <Body>(events: RawCampusEvent | readonly RawCampusEvent[], headers = BATCH) =>
  api.request<Body>('POST', '/v1/campus-events', { as: integration, body: events, headers });

async function eventually<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Partner360Body {
  name: string;
  tier: string;
  webDomain: string | null;
  externalLinks: { system: string; externalId: string }[];
  lines: Record<string, Record<string, unknown>>;
}

/** The partner 360 once it satisfies `ready`. */
const partner360 = (partnerId: string, ready: (body: Partner360Body) => boolean) =>
  eventually(async () => {
    const response = await api.request<Partner360Body>('GET', `/v1/partners/${partnerId}`, { as: staff });
    return response.status === 200 && ready(response.body) ? response.body : undefined;
  }, `the 360 of ${partnerId}`);

const streamLength = async (stream: string) => (await api.eventStore.readStream(stream)).length;

const company = (id: string, domain?: string): SampleCompany => ({
  system: 'advancement',
  id,
  name: `Company ${id} Inc.`,
  ...(domain === undefined ? {} : { domain }),
});

describe('POST /v1/campus-events', () => {
  const acme = company('ORG-00172', 'acmerobotics.com');
  const batch = allTypesInOrder.map((type) => sampleEvent(type, acme, 'http-1'));
  const partnerId = partnerIdForCompany(acme.system, acme.id);

  it('applies a batch with every contract type, registering the company as a prospect partner', async () => {
    const response = await post<Accepted>(batch);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ applied: 12, duplicates: 0 });

    const view = await partner360(partnerId, (body) => body.lines.licensing?.licenses === 1);
    expect(view).toMatchObject({
      name: 'Company ORG-00172 Inc.',
      tier: 'prospect',
      webDomain: 'acmerobotics.com',
      externalLinks: [{ system: 'advancement', externalId: 'ORG-00172' }],
    });
    expect(view.lines).toMatchObject({
      research: { agreements: 1, inForce: 0 },
      placements: { allTime: { placements: 1, completed: 1, hires: 0 } },
      recruiting: { eventsAttended: { allTime: 1 } },
      giving: {
        gifts: { count: 1 },
        pledges: { count: 1, outstanding: [{ amount: '75000.00', currency: 'USD' }] },
      },
      advisory: { seats: { allTime: 1 } },
      capstones: { sponsored: 1 },
      training: { contracts: 1, seats: { allTime: 12 } },
      licensing: { licenses: 1 },
    });
    const [signed, amended, terminated] = await api.eventStore.readStream('agreement-AG-http-1');
    expect([signed?.type, amended?.type, terminated?.type]).toEqual([
      'AgreementSigned',
      'AgreementAmended',
      'AgreementTerminated',
    ]);
    // Exact money from a JSON number, and the CloudEvent as the cause of the domain event.
    expect(amended?.data).toMatchObject({
      value: { amount: '150000.00', currency: 'USD' },
      amendedOn: '2026-03-02',
    });
    expect(signed?.metadata).toMatchObject({
      causationId: batch[0]?.id,
      actor: '/campus/research',
      sourceSystem: '/campus/research',
      occurredAt: '2026-03-02T15:04:05.000Z',
    });
  });

  it('acknowledges the same batch again as duplicates and appends nothing', async () => {
    const before = await streamLength('agreement-AG-http-1');
    const partnerEvents = await streamLength(`partner-${partnerId}`);
    const response = await post<Accepted>(batch);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ applied: 0, duplicates: 12 });
    expect(await streamLength('agreement-AG-http-1')).toBe(before);
    expect(await streamLength(`partner-${partnerId}`)).toBe(partnerEvents);
  });

  it('takes one event as application/cloudevents+json', async () => {
    const event = sampleEvent('edu.university.curriculum.capstone-sponsored.v1', acme, 'http-single');
    const response = await post<Accepted>(event, SINGLE);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ applied: 1, duplicates: 0 });
    expect(await streamLength('capstone-CAP-http-single')).toBe(1);
  });

  it('refuses a whole batch with 422 naming each invalid event and field, applying none of it', async () => {
    const good = sampleEvent('edu.university.curriculum.capstone-sponsored.v1', acme, 'http-good');
    const badMoney = sampleEvent('edu.university.advancement.pledge-made.v1', acme, 'http-bad');
    const badData = { ...badMoney, data: { ...badMoney.data, amount: { amount: '12,50', currency: 'usd' } } };
    const noTime = {
      ...sampleEvent('edu.university.curriculum.capstone-sponsored.v1', acme, 'http-x'),
      time: 'yesterday',
    };
    const unknownType = { ...good, id: 'unknown-type-1', type: 'edu.university.careers.coffee-had.v1' };
    const response = await api.request<Problem>('POST', '/v1/campus-events', {
      as: integration,
      headers: BATCH,
      body: [good, badData, noTime, unknownType],
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body.type).toBe('/problems/invalid-campus-events');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          index: 1,
          id: badMoney.id,
          reason: 'invalid-data',
          field: 'data.amount.amount',
        }),
        expect.objectContaining({ index: 1, reason: 'invalid-data', field: 'data.amount.currency' }),
        expect.objectContaining({ index: 2, reason: 'invalid-cloudevent', field: 'time' }),
        expect.objectContaining({ index: 3, reason: 'unknown-type', field: 'type' }),
      ]),
    );
    expect(response.body.errors.some((error) => error.index === 0)).toBe(false);
    expect(await streamLength('capstone-CAP-http-good')).toBe(0);
  });

  it('refuses an amendment, termination or completion of something that does not exist', async () => {
    const amendment = sampleEvent('edu.university.research.agreement-amended.v1', acme, 'http-nowhere');
    const completion = sampleEvent('edu.university.careers.placement-completed.v1', acme, 'http-nowhere');
    const response = await post<Problem>([amendment, completion]);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ index: 0, reason: 'unknown-reference', field: 'data.agreementId' }),
      expect.objectContaining({ index: 1, reason: 'unknown-reference', field: 'data.placementId' }),
    ]);
  });

  it('accepts a follow-up whose line is signed earlier in the same batch', async () => {
    const signed = sampleEvent('edu.university.research.agreement-signed.v1', acme, 'http-same-batch');
    const amended = sampleEvent('edu.university.research.agreement-amended.v1', acme, 'http-same-batch');
    const response = await post<Accepted>([signed, amended]);
    expect(response.body).toEqual({ applied: 2, duplicates: 0 });
  });

  it('refuses the same (source, id) with different content as a conflicting duplicate', async () => {
    const [first] = batch;
    if (!first) throw new Error('no sample');
    const altered = { ...first, data: { ...first.data, title: 'Something else entirely' } };
    const response = await post<Problem>([altered]);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ index: 0, id: first.id, reason: 'conflicting-duplicate', field: 'id' }),
    ]);
  });

  it('links a new campus key to the partner staff registered with the same web domain', async () => {
    const registered = await api.request<{ id: string }>('POST', '/v1/partners', {
      as: staff,
      body: { name: 'Globex Corporation', webDomain: 'https://www.Globex.com/' },
    });
    expect(registered.status).toBe(201);
    const staffPartnerId = registered.headers.get('location')?.split('/').at(-1) ?? '';
    await partner360(staffPartnerId, () => true);
    const globex: SampleCompany = { system: 'careers', id: 'EMP-9', name: 'Globex', domain: 'globex.com' };
    const response = await post<Accepted>([
      sampleEvent('edu.university.careers.intern-placed.v1', globex, 'globex-1'),
    ]);
    expect(response.body).toEqual({ applied: 1, duplicates: 0 });
    const [placed] = await api.eventStore.readStream('placement-PL-globex-1');
    expect(placed?.data).toMatchObject({ partnerId: staffPartnerId });
    const view = await partner360(staffPartnerId, (body) => body.externalLinks.length === 1);
    expect(view.externalLinks).toEqual([{ system: 'careers', externalId: 'EMP-9' }]);
  });

  it('answers 415 for other content types and 403 without the integration role', async () => {
    const event = sampleEvent('edu.university.curriculum.capstone-sponsored.v1', acme, 'http-415');
    const json = await api.request('POST', '/v1/campus-events', { as: integration, body: event });
    expect(json.status).toBe(415);
    const forbidden = await api.request('POST', '/v1/campus-events', {
      as: staff,
      body: event,
      headers: SINGLE,
    });
    expect(forbidden.status).toBe(403);
  });
});
