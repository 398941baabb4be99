import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const admin = { sub: 'root', roles: ['admin'] } as const;
const manager = { sub: 'mona', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;

interface InboxTask {
  taskId: string;
  kind: string;
  title: string;
  status: string;
  assignee: { staffId: string } | { team: string };
  origin: { playbook: string } | { createdBy: string };
}

async function command(
  path: string,
  body: unknown,
  as: typeof admin | typeof manager = manager,
  method = 'POST',
) {
  const response = await api.request<{ position: string | null }>(method, path, { as, body });
  expect([200, 201]).toContain(response.status);
  return response.body.position ?? '';
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const tasksOf = async (partnerId: string): Promise<InboxTask[]> => {
  const response = await api.request<{ items: InboxTask[] }>(
    'GET',
    `/v1/tasks?partnerId=${partnerId}&limit=200`,
    {
      as: auditor,
    },
  );
  expect(response.status).toBe(200);
  return response.body.items;
};

beforeAll(async () => {
  api = await startTestApi('workflows');
  await command(
    '/v1/staff',
    { staffId: 'mona', name: 'Mona Manager', email: 'mona@university.edu', teams: ['advancement'] },
    admin,
  );
  const staffAt = await command(
    '/v1/staff',
    {
      staffId: 'olga',
      name: 'Olga Owner',
      email: 'olga@university.edu',
      teams: ['advancement'],
      managerId: 'mona',
    },
    admin,
  );
  await command('/v1/partners', { partnerId: 'p-acme', name: 'Acme Robotics' });
  const ownerAt = await command('/v1/partners/p-acme/owner', { staffId: 'olga' }, manager, 'PUT');
  // The assignment rules read the staff directory and partner 360: let both reach the setup first.
  expect((await api.request('GET', `/v1/staff?minPosition=${staffAt}`, { as: auditor })).status).toBe(200);
  expect(
    (await api.request('GET', `/v1/partners/p-acme/360?minPosition=${ownerAt}`, { as: auditor })).status,
  ).toBe(200);
});

afterAll(async () => {
  await api.close();
});

describe('Workflows', () => {
  it('turns a major gift into an acknowledgement for the owner and a thank-you for the owner\u2019s manager', async () => {
    await command('/v1/gifts', {
      giftId: 'G-7',
      partnerId: 'p-acme',
      amount: { amount: 30000, currency: 'USD' },
      giftType: 'CASH',
      designation: 'Robotics lab',
      receivedOn: '2026-11-02',
    });
    const tasks = await eventually('the gift playbook\u2019s tasks', async () => {
      const found = await tasksOf('p-acme');
      return found.length >= 2 ? found : undefined;
    });
    expect(
      tasks.map(({ kind, title, assignee, origin, status }) => ({ kind, title, assignee, origin, status })),
    ).toEqual(
      expect.arrayContaining([
        {
          kind: 'acknowledge-gift',
          title: 'Acknowledge the gift',
          assignee: { staffId: 'olga' },
          origin: expect.objectContaining({ playbook: 'gift-received' }) as unknown,
          status: 'open',
        },
        expect.objectContaining({
          title: 'Executive thank-you',
          assignee: { staffId: 'mona' },
          origin: expect.objectContaining({ playbook: 'gift-received' }) as unknown,
        }),
      ]),
    );

    await command('/v1/gifts/G-7/acknowledge', { channel: 'letter' });
    const acknowledged = await eventually('the acknowledgement task completed', async () => {
      const task = (await tasksOf('p-acme')).find((t) => t.kind === 'acknowledge-gift');
      return task?.status === 'completed' ? task : undefined;
    });
    expect(acknowledged.title).toBe('Acknowledge the gift');
    expect((await tasksOf('p-acme')).filter((t) => t.kind === 'acknowledge-gift')).toHaveLength(1);
  });

  it('reports every playbook in /health/ready, with no failures', async () => {
    const response = await api.request<{
      details: { workflows: { playbooks: Record<string, { failures: number }> } };
    }>('GET', '/health/ready');
    expect(response.status).toBe(200);
    const playbooks = response.body.details.workflows.playbooks;
    expect(Object.keys(playbooks)).toEqual(expect.arrayContaining(['gift-received', 'overdue-task']));
    expect(Object.values(playbooks).every((playbook) => playbook.failures === 0)).toBe(true);
  });

  it('exposes the pending timers on /metrics: the major gift\u2019s stewardship report waits there', async () => {
    const response = await api.request<string>('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^continuum_workflow_timers_pending\{playbook="gift-received"\} 1$/m);
    expect(response.body).toMatch(/^continuum_workflow_outbox_backlog \d+$/m);
  });
});
