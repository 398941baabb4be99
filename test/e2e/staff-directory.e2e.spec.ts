import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const admin = { sub: 'root', roles: ['admin'] } as const;
const reader = { sub: 'carol', roles: ['auditor'] } as const;

beforeAll(async () => {
  api = await startTestApi('staff_directory');
});

afterAll(async () => {
  await api.close();
});

interface Entry {
  staffId: string;
  teams: string[];
  managerId: string | null;
  active: boolean;
}

const register = async (staffId: string, name: string, teams: string[]): Promise<string> => {
  const response = await api.request<{ position: string }>('POST', '/v1/staff', {
    as: admin,
    body: { staffId, name, email: `${staffId}@university.edu`, teams },
  });
  expect(response.status).toBe(201);
  return response.body.position;
};

describe('Staff directory read model', () => {
  it('shows a write at once to a caller who passes the position the command returned', async () => {
    const position = await register('dir-1', 'Dana Directory', ['careers']);
    const response = await api.request<Entry[]>('GET', `/v1/staff?minPosition=${position}`, { as: reader });
    expect(response.status).toBe(200);
    expect(response.body.map((entry) => entry.staffId)).toContain('dir-1');
  });

  it('filters by team and activity, following later changes', async () => {
    await register('dir-2', 'Eve Advancement', ['advancement']);
    await api.request('PUT', '/v1/staff/dir-2/manager', { as: admin, body: { managerId: 'dir-1' } });
    const deactivated = await api.request<{ position: string }>('POST', '/v1/staff/dir-2/deactivate', {
      as: admin,
      body: {},
    });
    const inactive = await api.request<Entry[]>(
      'GET',
      `/v1/staff?team=advancement&active=false&minPosition=${deactivated.body.position}`,
      { as: reader },
    );
    expect(inactive.body).toEqual([
      expect.objectContaining({
        staffId: 'dir-2',
        managerId: 'dir-1',
        active: false,
        teams: ['advancement'],
      }),
    ]);
    const activeCareers = await api.request<Entry[]>('GET', '/v1/staff?team=careers&active=true', {
      as: reader,
    });
    expect(activeCareers.body.map((entry) => entry.staffId)).toEqual(['dir-1']);
  });

  it('refuses a malformed minPosition with 400', async () => {
    const response = await api.request('GET', '/v1/staff?minPosition=yesterday', { as: reader });
    expect(response.status).toBe(400);
  });

  it('reports each projection in /health/ready and its lag on /metrics', async () => {
    const ready = await api.request<{
      checks: Record<string, string>;
      details: Record<string, Record<string, unknown>>;
    }>('GET', '/health/ready');
    // The body names the check that was down, should this ever fail.
    expect(ready.status === 200 ? 'ready' : JSON.stringify(ready.body)).toBe('ready');
    expect(ready.body.checks.projections).toBe('up');
    expect(ready.body.details.projections?.['staff-directory']).toMatchObject({
      state: 'running',
      owner: true,
    });
    const metrics = await api.request<string>('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/continuum_projection_lag_seconds\{projection="staff-directory"\} \d/);
    expect(metrics.body).toMatch(/continuum_projection_failed\{projection="staff-directory"\} 0/);
  });
});
