import { SignJWT, UnsecuredJWT } from 'jose';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const admin = { sub: 'root', roles: ['admin'] } as const;
const staff = { sub: 'alice', roles: ['staff'] } as const;

beforeAll(async () => {
  api = await startTestApi('staff_auth');
});

afterAll(async () => {
  await api.close();
});

const register = (staffId: string, extra: Record<string, unknown> = {}) =>
  api.request('POST', '/v1/staff', {
    as: admin,
    body: {
      staffId,
      name: 'Alice Adams',
      email: `${staffId}@university.edu`,
      teams: ['corporate-relations'],
      ...extra,
    },
  });

describe('Authentication and roles', () => {
  it('refuses a request without a token with 401 problem+json', async () => {
    const response = await api.request('GET', '/v1/staff/anyone');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  });

  it('refuses expired tokens, alg none and tokens signed with another key', async () => {
    const expired = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('root')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode('continuum-test-secret-0123456789abcdef'));
    const unsigned = new UnsecuredJWT({ roles: ['admin'] })
      .setSubject('root')
      .setExpirationTime('1h')
      .encode();
    const wrongKey = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('root')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough'));
    for (const token of [expired, unsigned, wrongKey, 'not-a-jwt']) {
      expect((await api.request('GET', '/v1/staff/anyone', { as: token })).status).toBe(401);
    }
  });

  it('refuses a role the route does not allow with 403', async () => {
    const response = await api.request('POST', '/v1/staff', {
      as: staff,
      body: { staffId: 'x', name: 'X', email: 'x@u.edu', teams: ['careers'] },
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: '/problems/forbidden' });
  });

  it('keeps health open and serves the OpenAPI document with roles and problem types', async () => {
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    const openapi = await api.request<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/docs/openapi.json',
    );
    expect(openapi.status).toBe(200);
    const registerStaff = openapi.body.paths['/v1/staff']?.post;
    expect(registerStaff?.['x-roles']).toEqual(['admin']);
    expect(JSON.stringify(registerStaff?.responses)).toContain('/problems/staff-already-registered');
  });
});

describe('Staff API', () => {
  it('registers a staff member, answers with its revision as ETag, and reads it back', async () => {
    const created = await register('s-1');
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"0"');
    expect(created.body).toMatchObject({
      id: 's-1',
      revision: 0,
      position: expect.stringMatching(/^\d+$/) as string,
    });
    const read = await api.request('GET', '/v1/staff/s-1', { as: staff });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"0"');
    expect(read.body).toMatchObject({
      status: 'active',
      teams: ['corporate-relations'],
      email: 's-1@university.edu',
    });
  });

  it('names each invalid field with 400', async () => {
    const response = await api.request('POST', '/v1/staff', {
      as: admin,
      body: { staffId: 's 2', email: 'not-an-email', teams: ['astrology'] },
    });
    expect(response.status).toBe(400);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['email', 'name', 'staffId', 'teams.0']);
  });

  it('answers 404 for an unknown staff member and 409 for a broken rule', async () => {
    expect((await api.request('GET', '/v1/staff/nobody', { as: staff })).status).toBe(404);
    const missing = await api.request('PUT', '/v1/staff/nobody/teams', {
      as: admin,
      body: { teams: ['careers'] },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: '/problems/staff-not-found' });
    await register('s-3');
    const again = await register('s-3');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/staff-already-registered' });
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    await register('s-4');
    const first = await api.request('PUT', '/v1/staff/s-4/teams', {
      as: admin,
      body: { teams: ['careers'] },
      headers: { 'if-match': '"0"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"1"');
    const stale = await api.request('PUT', '/v1/staff/s-4/teams', {
      as: admin,
      body: { teams: ['research'] },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: '/problems/stale-revision' });
  });

  it('applies concurrent updates without If-Match by retrying server-side, losing none', async () => {
    await register('s-5');
    const managers = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6'];
    const responses = await Promise.all(
      managers.map((managerId) =>
        api.request('PUT', '/v1/staff/s-5/manager', { as: admin, body: { managerId } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(managers.map(() => 200));
    const events = await api.eventStore.readStream('staff-s-5');
    expect(events.filter((e) => e.type === 'StaffManagerAssigned')).toHaveLength(managers.length);
    expect(
      events.every((e) => e.metadata.actor === 'root' && typeof e.metadata.correlationId === 'string'),
    ).toBe(true);
  });
});
