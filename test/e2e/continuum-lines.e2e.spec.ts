import { startTestApi, type RequestOptions, type TestApi, type TestResponse } from '../support/api';

let api: TestApi;
const staff = { sub: 'carol', roles: ['staff'] } as const;
const manager = { sub: 'mona', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;
const integration = { sub: 'campus-careers', roles: ['integration'] } as const;

beforeAll(async () => {
  api = await startTestApi('continuum_lines');
});

afterAll(async () => {
  await api.close();
});

type Body = Record<string, unknown>;
const post = (path: string, body: unknown, options: RequestOptions = {}): Promise<TestResponse> =>
  api.request('POST', path, { as: staff, body, ...options });
const get = <B = Body>(path: string, as: RequestOptions['as'] = auditor): Promise<TestResponse<B>> =>
  api.request<B>('GET', path, { as });
const ifMatch = (revision: number) => ({ headers: { 'if-match': `"${revision}"` } });

/** The first recording answers 201 + Location; the same recording again is a 200 no-op at the same revision. */
async function recordTwice(path: string, id: string, body: Body, location = `${path}/${id}`): Promise<void> {
  const first = await post(path, body);
  expect(first.status).toBe(201);
  expect(first.headers.get('location')).toBe(location);
  expect(first.headers.get('etag')).toBe('"0"');
  expect(first.body).toEqual({ id, revision: 0, position: expect.stringMatching(/^\d+$/) as string });
  const again = await post(path, body, { as: manager });
  expect(again.status).toBe(200);
  expect(again.headers.get('location')).toBeNull();
  expect(again.body).toEqual({ id, revision: 0, position: null });
}

const expectProblem = (response: TestResponse, status: number, code: string) => {
  expect({ status: response.status, type: response.body.type }).toEqual({
    status,
    type: `/problems/${code}`,
  });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
};

describe('Research agreements', () => {
  const signed = {
    agreementId: 'RA-1',
    partnerId: 'p-acme',
    kind: 'SPONSORED_RESEARCH',
    title: 'Soft grippers',
    value: { amount: '250000', currency: 'USD' },
    effectiveDate: '2024-01-01',
    endDate: '2025-12-31',
    principalInvestigator: { id: 'pi-7', name: 'Dr. Vega', department: 'Robotics' },
  };

  it('records a signing once, amends it under If-Match, terminates it, and reads it back', async () => {
    await recordTwice('/v1/research-agreements', 'RA-1', signed);
    const amended = await post(
      '/v1/research-agreements/RA-1/amendments',
      { endDate: '2026-06-30', value: { amount: 300000.5, currency: 'USD' }, amendedOn: '2024-06-01' },
      ifMatch(0),
    );
    expect(amended.status).toBe(200);
    expect(amended.headers.get('etag')).toBe('"1"');
    const terminated = await post('/v1/research-agreements/RA-1/terminate', {
      reason: 'Sponsor withdrew',
      terminatedOn: '2024-09-01',
    });
    expect(terminated.body).toMatchObject({ revision: 2 });
    const read = await get('/v1/research-agreements/RA-1');
    expect(read.headers.get('etag')).toBe('"2"');
    expect(read.body).toMatchObject({
      status: 'terminated',
      value: { amount: '300000.50', currency: 'USD' },
      endDate: '2026-06-30',
      amendments: 1,
      termination: { reason: 'Sponsor withdrew', terminatedOn: '2024-09-01' },
    });
    expectProblem(
      await post('/v1/research-agreements/RA-1/expire', { asOf: '2027-01-01' }),
      409,
      'agreement-not-active',
    );
  });

  it('expires an agreement once its end date has passed, and refuses a different signing under its id', async () => {
    await post('/v1/research-agreements', { ...signed, agreementId: 'RA-2', endDate: '2024-03-31' });
    expectProblem(
      await post('/v1/research-agreements/RA-2/expire', { asOf: '2024-03-01' }),
      409,
      'agreement-not-ended-yet',
    );
    expect((await post('/v1/research-agreements/RA-2/expire', { asOf: '2024-04-01' })).status).toBe(200);
    expect((await get('/v1/research-agreements/RA-2')).body).toMatchObject({ status: 'expired' });
    expectProblem(
      await post('/v1/research-agreements', { ...signed, agreementId: 'RA-2', title: 'Other' }),
      409,
      'agreement-already-signed',
    );
  });
});

describe('Internship placements', () => {
  const placed = {
    placementId: 'PL-1',
    partnerId: 'p-acme',
    studentRef: 'stu-9f2c',
    program: 'BSc Mechanical Engineering',
    role: 'Robotics intern',
    startDate: '2024-06-01',
    endDate: '2024-08-31',
  };

  it('records a placement, its completion and the full-time hire', async () => {
    await recordTwice('/v1/placements', 'PL-1', placed);
    expectProblem(
      await post('/v1/placements/PL-1/hire', { hiredOn: '2024-09-15' }),
      409,
      'placement-not-completed',
    );
    const completed = await post('/v1/placements/PL-1/complete', {
      outcome: 'COMPLETED',
      offeredFullTime: true,
      completedOn: '2024-08-31',
    });
    expect(completed.status).toBe(200);
    expect((await post('/v1/placements/PL-1/hire', { hiredOn: '2024-09-15' })).body).toMatchObject({
      revision: 2,
    });
    expect((await get('/v1/placements/PL-1')).body).toMatchObject({
      status: 'hired',
      hiredOn: '2024-09-15',
      completion: { outcome: 'COMPLETED', offeredFullTime: true },
      placement: { studentRef: 'stu-9f2c' },
    });
  });

  it('refuses a student reference that is an email address (422)', async () => {
    const response = await post('/v1/placements', {
      ...placed,
      placementId: 'PL-2',
      studentRef: 'jo@uni.edu',
    });
    expectProblem(response, 422, 'student-ref-not-pseudonymous');
  });
});

describe('Recruiting events', () => {
  it('records each attending partner once and lists them', async () => {
    const attendance = {
      partnerId: 'p-acme',
      eventName: 'Fall career fair',
      date: '2024-10-02',
      recruiters: 3,
    };
    const first = await post('/v1/recruiting-events/fair-2024/attendances', attendance);
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/v1/recruiting-events/fair-2024');
    const repeat = await post('/v1/recruiting-events/fair-2024/attendances', attendance);
    expect({ status: repeat.status, revision: repeat.body.revision }).toEqual({ status: 200, revision: 0 });
    const second = await post('/v1/recruiting-events/fair-2024/attendances', {
      ...attendance,
      partnerId: 'p-globex',
    });
    expect(second.body).toMatchObject({ revision: 1 });
    const read = await get('/v1/recruiting-events/fair-2024');
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual({
      event: { eventId: 'fair-2024', eventName: 'Fall career fair', date: '2024-10-02' },
      attendees: {
        'p-acme': { partnerId: 'p-acme', recruiters: 3 },
        'p-globex': { partnerId: 'p-globex', recruiters: 3 },
      },
    });
  });

  it('refuses an event id that cannot name a stream, and a negative recruiter count', async () => {
    const attendance = { partnerId: 'p-acme', eventName: 'Fair', date: '2024-10-02' };
    const badId = await post('/v1/recruiting-events/%20fair/attendances', attendance);
    expectProblem(badId, 400, 'invalid-request');
    expect(badId.body.errors).toEqual([{ field: 'eventId', message: expect.any(String) as string }]);
    const negative = await post('/v1/recruiting-events/fair-2025/attendances', {
      ...attendance,
      recruiters: -1,
    });
    expectProblem(negative, 422, 'recruiters-not-a-count');
  });
});

describe('Gifts', () => {
  const received = {
    giftId: 'G-1',
    partnerId: 'p-acme',
    amount: { amount: 25000, currency: 'USD' },
    giftType: 'CASH',
    designation: 'Robotics lab',
    receivedOn: '2024-05-02',
  };

  it('records a gift with its amount exact, and the caller acknowledging it once (409 the second time)', async () => {
    await recordTwice('/v1/gifts', 'G-1', received);
    const acknowledged = await post(
      '/v1/gifts/G-1/acknowledge',
      { channel: 'letter', acknowledgedAt: '2024-05-03T09:30:00Z' },
      { headers: { 'x-correlation-id': 'thanks-4711' } },
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.headers.get('etag')).toBe('"1"');
    expect((await get('/v1/gifts/G-1')).body).toMatchObject({
      status: 'acknowledged',
      gift: { amount: { amount: '25000.00', currency: 'USD' } },
      acknowledgement: { acknowledgedBy: 'carol', acknowledgedAt: '2024-05-03T09:30:00Z', channel: 'letter' },
    });
    expectProblem(
      await post('/v1/gifts/G-1/acknowledge', {}, { as: manager }),
      409,
      'gift-already-acknowledged',
    );

    const events = await api.eventStore.readStream('gift-G-1');
    expect(events.map((event) => [event.type, event.metadata.actor])).toEqual([
      ['GiftReceived', 'carol'],
      ['GiftAcknowledged', 'carol'],
    ]);
    expect(events[1]!.metadata).toMatchObject({
      correlationId: 'thanks-4711',
      occurredAt: '2024-05-03T09:30:00Z',
    });
  });

  it('names every bad field with 400', async () => {
    const response = await post('/v1/gifts', {
      giftId: 'G 2',
      amount: { amount: '12.345.6', currency: 'usd' },
      giftType: 'BITCOIN',
      designation: 'Lab',
      receivedOn: '2024-02-30',
    });
    expectProblem(response, 400, 'invalid-request');
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual([
      'amount.amount',
      'amount.currency',
      'giftId',
      'giftType',
      'partnerId',
      'receivedOn',
    ]);
  });
});

describe('Pledges', () => {
  const made = {
    pledgeId: 'PG-1',
    partnerId: 'p-acme',
    amount: { amount: '1.00', currency: 'USD' },
    designation: 'Scholarships',
    madeOn: '2024-01-15',
    dueBy: '2024-12-31',
  };
  const pay = (giftId: string, amount: number | string) =>
    post('/v1/pledges/PG-1/payments', { giftId, amount: { amount, currency: 'USD' }, paidOn: '2024-03-01' });

  it('keeps payments exact: 0.10 + 0.20 leave 0.70 outstanding, and the rest fulfils the pledge', async () => {
    await recordTwice('/v1/pledges', 'PG-1', made);
    expect((await pay('G-10', 0.1)).status).toBe(200);
    expect((await pay('G-20', 0.2)).body).toMatchObject({ revision: 2 });
    expect((await pay('G-20', '0.20')).body).toMatchObject({ revision: 2 });
    expect((await get('/v1/pledges/PG-1')).body).toMatchObject({
      status: 'open',
      paid: { amount: '0.30', currency: 'USD' },
      outstanding: { amount: '0.70', currency: 'USD' },
    });
    expect((await pay('G-70', '0.70')).body).toMatchObject({ revision: 4 });
    expect((await get('/v1/pledges/PG-1')).body).toMatchObject({
      status: 'fulfilled',
      paid: { amount: '1.00', currency: 'USD' },
      outstanding: { amount: '0.00', currency: 'USD' },
    });
    expectProblem(
      await post('/v1/pledges/PG-1/write-off', { reason: 'Donor moved', writtenOffOn: '2024-06-01' }),
      409,
      'pledge-already-fulfilled',
    );
  });

  it('writes off what is outstanding', async () => {
    await post('/v1/pledges', { ...made, pledgeId: 'PG-2', amount: { amount: '500', currency: 'EUR' } });
    const writeOff = { reason: 'Company dissolved', writtenOffOn: '2024-06-01' };
    expect((await post('/v1/pledges/PG-2/write-off', writeOff)).status).toBe(200);
    expect((await get('/v1/pledges/PG-2')).body).toMatchObject({
      status: 'written-off',
      writeOff: { amountWrittenOff: { amount: '500.00', currency: 'EUR' } },
    });
  });
});

describe('Advisory boards', () => {
  const seat = { boardName: 'Engineering advisory board', partnerId: 'p-acme', termStart: '2024-01-01' };

  it('records seats by partner, refuses an overlapping one, and ends a seat', async () => {
    const first = { ...seat, termEnd: '2025-12-31' };
    await recordTwice('/v1/advisory-boards/eab/seats', 'eab', first, '/v1/advisory-boards/eab');
    const other = await post('/v1/advisory-boards/eab/seats', { ...seat, partnerId: 'p-globex' });
    expect(other.status).toBe(201);
    expect(other.body).toMatchObject({ revision: 1 });
    expectProblem(
      await post('/v1/advisory-boards/eab/seats', { ...seat, termStart: '2025-01-01' }),
      409,
      'seat-already-held',
    );
    const ended = await post(
      '/v1/advisory-boards/eab/seats/p-acme/end',
      { endedOn: '2024-12-31' },
      ifMatch(1),
    );
    expect(ended.status).toBe(200);
    expect(ended.headers.get('etag')).toBe('"2"');
    expect((await get('/v1/advisory-boards/eab')).body).toEqual({
      boardName: 'Engineering advisory board',
      seats: {
        'p-acme': [{ termStart: '2024-01-01', termEnd: '2025-12-31', endedOn: '2024-12-31' }],
        'p-globex': [{ termStart: '2024-01-01' }],
      },
    });
    expectProblem(
      await post('/v1/advisory-boards/eab/seats/p-initech/end', { endedOn: '2024-12-31' }),
      404,
      'advisory-seat-not-found',
    );
  });
});

describe('Capstones', () => {
  it('records a sponsored project and its completion', async () => {
    await recordTwice('/v1/capstones', 'CP-1', {
      projectId: 'CP-1',
      partnerId: 'p-acme',
      course: 'ME 490',
      term: '2024 Fall',
      value: { amount: '15000.00', currency: 'USD' },
    });
    const completed = await post('/v1/capstones/CP-1/complete', {
      completedOn: '2024-12-13',
      outcome: 'Prototype',
    });
    expect(completed.status).toBe(200);
    expect((await get('/v1/capstones/CP-1')).body).toMatchObject({
      status: 'completed',
      project: { course: 'ME 490', value: { amount: '15000.00', currency: 'USD' } },
      completion: { completedOn: '2024-12-13', outcome: 'Prototype' },
    });
  });
});

describe('Training contracts', () => {
  it('records a contract, changes its seats, completes it, and then refuses seat changes', async () => {
    await recordTwice('/v1/training-contracts', 'TC-1', {
      contractId: 'TC-1',
      partnerId: 'p-acme',
      programName: 'Applied machine learning',
      seats: 20,
      startDate: '2024-02-01',
    });
    const changed = await api.request('PUT', '/v1/training-contracts/TC-1/seats', {
      as: manager,
      body: { seats: 25, changedOn: '2024-02-10' },
      ...ifMatch(0),
    });
    expect(changed.status).toBe(200);
    expect((await post('/v1/training-contracts/TC-1/complete', { completedOn: '2024-06-30' })).status).toBe(
      200,
    );
    expect((await get('/v1/training-contracts/TC-1')).body).toMatchObject({
      status: 'completed',
      seats: 25,
      completedOn: '2024-06-30',
    });
    const late = await api.request('PUT', '/v1/training-contracts/TC-1/seats', {
      as: staff,
      body: { seats: 30, changedOn: '2024-07-01' },
    });
    expectProblem(late, 409, 'training-contract-completed');
  });
});

describe('Licenses', () => {
  it('records an executed license and its termination', async () => {
    await recordTwice('/v1/licenses', 'LIC-1', {
      licenseId: 'LIC-1',
      partnerId: 'p-acme',
      technology: 'Soft gripper patent family',
      licenseType: 'EXCLUSIVE',
      upfrontFee: { amount: '50000', currency: 'USD' },
      executedOn: '2024-03-01',
    });
    const terminated = await post('/v1/licenses/LIC-1/terminate', {
      reason: 'Breach',
      terminatedOn: '2025-03-01',
    });
    expect(terminated.status).toBe(200);
    expect((await get('/v1/licenses/LIC-1')).body).toMatchObject({
      status: 'terminated',
      license: { upfrontFee: { amount: '50000.00', currency: 'USD' } },
      termination: { reason: 'Breach', terminatedOn: '2025-03-01' },
    });
  });
});

describe('Errors and roles across the lines', () => {
  const capstone = { projectId: 'CP-9', partnerId: 'p-acme', course: 'CS 401', term: '2025 Spring' };

  it('answers 401 without a token', async () => {
    expectProblem(await api.request('GET', '/v1/gifts/G-1'), 401, 'unauthorized');
    expectProblem(await api.request('POST', '/v1/pledges', { body: {} }), 401, 'unauthorized');
  });

  it('lets auditors read but not write (403), and integrations neither', async () => {
    expectProblem(await post('/v1/capstones', capstone, { as: auditor }), 403, 'forbidden');
    expectProblem(await post('/v1/gifts/G-1/acknowledge', {}, { as: auditor }), 403, 'forbidden');
    expectProblem(await get('/v1/gifts/G-1', integration), 403, 'forbidden');
    expect((await get('/v1/gifts/G-1', auditor)).status).toBe(200);
  });

  it('answers 404 for a line never recorded, on reads and on commands', async () => {
    expectProblem(await get('/v1/licenses/nope'), 404, 'license-not-found');
    expectProblem(await get('/v1/recruiting-events/nope'), 404, 'recruiting-event-not-found');
    expectProblem(await get('/v1/advisory-boards/nope'), 404, 'advisory-board-not-found');
    expectProblem(
      await post('/v1/capstones/nope/complete', { completedOn: '2025-01-01' }),
      404,
      'capstone-not-found',
    );
    expect(await api.eventStore.readStream('capstone-nope')).toEqual([]);
  });

  it('refuses a stale If-Match with 412 and leaves the line as it was', async () => {
    await post('/v1/capstones', capstone);
    await post('/v1/capstones/CP-9/complete', { completedOn: '2025-05-01' }, ifMatch(0));
    const stale = await post('/v1/capstones/CP-9/complete', { completedOn: '2025-05-02' }, ifMatch(0));
    expectProblem(stale, 412, 'stale-revision');
    const read = await get('/v1/capstones/CP-9');
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toMatchObject({ completion: { completedOn: '2025-05-01' } });
  });

  it('documents roles and problem types in OpenAPI', async () => {
    const openapi = await api.request<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/docs/openapi.json',
    );
    const paths = openapi.body.paths;
    expect(paths['/v1/gifts']?.post?.['x-roles']).toEqual(['staff', 'manager', 'admin']);
    expect(paths['/v1/gifts/{id}']?.get).toMatchObject({
      'x-roles': ['staff', 'manager', 'auditor', 'admin'],
      tags: ['gifts'],
      operationId: 'GiftsController_get',
    });
    expect(JSON.stringify(paths['/v1/gifts/{id}/acknowledge']?.post?.responses)).toContain(
      '/problems/gift-already-acknowledged',
    );
    expect(JSON.stringify(paths['/v1/pledges']?.post?.requestBody)).toContain('designation');
    expect(paths['/v1/advisory-boards/{boardId}/seats/{partnerId}/end']?.post).toBeDefined();
  });
});
