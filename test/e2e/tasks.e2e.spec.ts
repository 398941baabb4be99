import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const admin = { sub: 'root', roles: ['admin'] } as const;
const manager = { sub: 'maria', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;
const integration = { sub: 'crm', roles: ['integration'] } as const;
// alice works in careers, bob in research; ghost holds a staff token but has no staff record.
const alice = { sub: 'alice', roles: ['staff'] } as const;
const bob = { sub: 'bob', roles: ['staff'] } as const;
const ghost = { sub: 'ghost', roles: ['staff'] } as const;

type Caller = { sub: string; roles: readonly ('staff' | 'manager' | 'auditor' | 'integration' | 'admin')[] };

const dueAt = '2030-03-01T17:00:00Z';
let counter = 0;
const nextId = (): string => `t-${++counter}`;

beforeAll(async () => {
  api = await startTestApi('tasks');
  for (const [staffId, team] of [
    ['alice', 'careers'],
    ['bob', 'research'],
  ] as const) {
    const registered = await api.request('POST', '/v1/staff', {
      as: admin,
      body: { staffId, name: staffId, email: `${staffId}@university.edu`, teams: [team] },
    });
    expect(registered.status).toBe(201);
  }
});

afterAll(async () => {
  await api.close();
});

const create = (body: Record<string, unknown>, as: Caller = manager, headers: Record<string, string> = {}) =>
  api.request('POST', '/v1/tasks', {
    as,
    headers,
    body: { partnerId: 'p-1', kind: 'follow-up-call', title: 'Call back', dueAt, ...body },
  });

/** A task created by the manager; returns its id. */
async function taskFor(assignee: { staffId: string } | { team: string }): Promise<string> {
  const taskId = nextId();
  expect((await create({ taskId, assignee })).status).toBe(201);
  return taskId;
}

const act = (
  as: Caller,
  taskId: string,
  action: string,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
) => api.request('POST', `/v1/tasks/${taskId}/${action}`, { as, body, headers });

const read = (taskId: string) => api.request('GET', `/v1/tasks/${taskId}`, { as: auditor });

describe('Tasks API: commands', () => {
  it('creates a task for a staff member with Location, ETag and position, and reads it back', async () => {
    const created = await create(
      { taskId: 'call-acme', description: 'About the internship fair', assignee: { staffId: 'alice' } },
      alice,
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/tasks/call-acme');
    // TaskCreated then TaskAssigned.
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      id: 'call-acme',
      revision: 1,
      position: expect.stringMatching(/^\d+$/) as string,
    });
    const task = await read('call-acme');
    expect(task.status).toBe(200);
    expect(task.headers.get('etag')).toBe('"1"');
    expect(task.body).toMatchObject({
      status: 'open',
      taskId: 'call-acme',
      partnerId: 'p-1',
      kind: 'follow-up-call',
      description: 'About the internship fair',
      dueAt,
      assignee: { staffId: 'alice' },
      origin: { createdBy: 'alice' },
    });
  });

  it('generates the id when none is given', async () => {
    const created = await create({ assignee: { team: 'careers' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`/v1/tasks/${id}`);
    expect(created.headers.get('etag')).toBe('"0"');
    expect((await read(id)).body).toMatchObject({ assignee: { team: 'careers' }, status: 'open' });
  });

  it('lets a staff member take a task from their team queue, start it and complete it', async () => {
    const taskId = await taskFor({ team: 'careers' });
    const taken = await act(alice, taskId, 'assign', {});
    expect(taken.status).toBe(200);
    expect(taken.headers.get('etag')).toBe('"1"');
    expect(taken.body).toMatchObject({ id: taskId, revision: 1 });
    const started = await act(alice, taskId, 'start', undefined, { 'if-match': '"1"' });
    expect(started.status).toBe(200);
    expect(started.headers.get('etag')).toBe('"2"');
    const completed = await act(alice, taskId, 'complete', { outcome: 'Booked a stand' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ revision: 3, position: expect.stringMatching(/^\d+$/) as string });
    expect((await read(taskId)).body).toMatchObject({
      status: 'completed',
      assignee: { staffId: 'alice' },
      completion: { outcome: 'Booked a stand', completedBy: 'alice' },
    });
  });

  it('lets a manager assign a queued task to anyone', async () => {
    const taskId = await taskFor({ team: 'research' });
    const assigned = await act(manager, taskId, 'assign', { staffId: 'alice' });
    expect(assigned.status).toBe(200);
    expect((await read(taskId)).body).toMatchObject({ assignee: { staffId: 'alice' } });
    const events = await api.eventStore.readStream(`task-${taskId}`);
    expect(events.at(-1)).toMatchObject({
      type: 'TaskAssigned',
      data: { staffId: 'alice', assignedBy: 'maria' },
    });
  });

  it('lets a manager reassign a task to a person and back to a team queue', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    const toBob = await act(manager, taskId, 'reassign', { toStaffId: 'bob', reason: 'Alice is away' });
    expect(toBob.status).toBe(200);
    expect(toBob.headers.get('etag')).toBe('"3"');
    expect((await read(taskId)).body).toMatchObject({ assignee: { staffId: 'bob' } });
    const toQueue = await act(admin, taskId, 'reassign', { toTeam: 'research' });
    expect(toQueue.status).toBe(200);
    expect((await read(taskId)).body).toMatchObject({ assignee: { team: 'research' }, status: 'open' });
    const types = (await api.eventStore.readStream(`task-${taskId}`)).map((event) => event.type);
    expect(types).toEqual([
      'TaskCreated',
      'TaskAssigned',
      'TaskReassigned',
      'TaskAssigned',
      'TaskReassigned',
    ]);
  });

  it('lets a staff member cancel their own task, saying why', async () => {
    const taskId = await taskFor({ staffId: 'bob' });
    const cancelled = await act(bob, taskId, 'cancel', { reason: 'Partner withdrew' });
    expect(cancelled.status).toBe(200);
    expect((await read(taskId)).body).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'Partner withdrew', cancelledBy: 'bob' },
    });
  });

  it('lets a manager escalate a task, which stays with its assignee', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    const escalated = await act(manager, taskId, 'escalate', { toStaffId: 'maria', reason: 'Overdue soon' });
    expect(escalated.status).toBe(200);
    expect(escalated.headers.get('etag')).toBe('"2"');
    expect((await read(taskId)).body).toMatchObject({
      assignee: { staffId: 'alice' },
      escalations: [{ toStaffId: 'maria', reason: 'Overdue soon' }],
    });
  });

  it('stamps every event with the actor and the request correlation id', async () => {
    const taskId = nextId();
    await create({ taskId, assignee: { team: 'careers' } }, manager, { 'x-correlation-id': 'corr-create-1' });
    await act(alice, taskId, 'assign', {}, { 'x-correlation-id': 'corr-assign-1' });
    const events = await api.eventStore.readStream(`task-${taskId}`);
    expect(events.map((event) => [event.type, event.metadata.actor, event.metadata.correlationId])).toEqual([
      ['TaskCreated', 'maria', 'corr-create-1'],
      ['TaskAssigned', 'alice', 'corr-assign-1'],
    ]);
  });
});

describe('Tasks API: who may act on which task', () => {
  it("refuses a staff member someone else's task with 403", async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    for (const [action, body] of [
      ['start', undefined],
      ['complete', { outcome: 'Done' }],
      ['cancel', { reason: 'Not needed' }],
    ] as const) {
      const refused = await act(bob, taskId, action, body);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        type: '/problems/forbidden',
        detail: `Task ${taskId} is assigned to alice, not to you`,
      });
    }
    expect(await api.eventStore.readStream(`task-${taskId}`)).toHaveLength(2);
  });

  it('refuses a staff member a task queued for another team, and taking one for someone else', async () => {
    const careersTask = await taskFor({ team: 'careers' });
    const notTheirs = await act(bob, careersTask, 'assign', {});
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.detail).toBe(
      `Task ${careersTask} waits in the careers queue, which is not one of your teams`,
    );
    const forSomeoneElse = await act(alice, careersTask, 'assign', { staffId: 'bob' });
    expect(forSomeoneElse.status).toBe(403);
    expect(forSomeoneElse.body.detail).toMatch(/only take a task for themselves/);
  });

  it("lets a staff member act on their team's queued task, and the domain still has its say", async () => {
    const taskId = await taskFor({ team: 'research' });
    const cancelled = await act(bob, taskId, 'cancel', { reason: 'Duplicate' });
    expect(cancelled.status).toBe(200);
    const queued = await taskFor({ team: 'research' });
    const unassigned = await act(bob, queued, 'start');
    expect(unassigned.status).toBe(409);
    expect(unassigned.body).toMatchObject({ type: '/problems/task-unassigned' });
  });

  it('refuses team-based access to a caller without a staff record', async () => {
    const taskId = await taskFor({ team: 'careers' });
    const refused = await act(ghost, taskId, 'assign', {});
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/no active staff record/);
  });

  it('keeps reassign and escalate for managers and admins, and reads for auditors', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    expect((await act(alice, taskId, 'reassign', { toStaffId: 'bob' })).status).toBe(403);
    expect((await act(alice, taskId, 'escalate', { toStaffId: 'maria', reason: 'Help' })).status).toBe(403);
    expect((await act(auditor, taskId, 'complete', { outcome: 'Done' })).status).toBe(403);
    expect((await create({ assignee: { team: 'careers' } }, auditor)).status).toBe(403);
    expect((await api.request('GET', `/v1/tasks/${taskId}`, { as: integration })).status).toBe(403);
    expect((await api.request('GET', `/v1/tasks/${taskId}`, { as: bob })).status).toBe(200);
  });
});

describe('Tasks API: refusals', () => {
  it('answers 409 task-already-completed when completing twice', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    expect((await act(alice, taskId, 'complete', { outcome: 'Done' })).status).toBe(200);
    const again = await act(alice, taskId, 'complete', { outcome: 'Done again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/task-already-completed',
      code: 'task-already-completed',
    });
  });

  it('answers 409 task-closed when acting on a closed task', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    expect((await act(manager, taskId, 'cancel', { reason: 'Obsolete' })).status).toBe(200);
    for (const [as, action, body] of [
      [alice, 'start', undefined],
      [manager, 'reassign', { toStaffId: 'bob' }],
      [manager, 'escalate', { toStaffId: 'maria', reason: 'Late' }],
    ] as const) {
      const refused = await act(as, taskId, action, body);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        type: '/problems/task-closed',
        detail: `Task ${taskId} is cancelled`,
      });
    }
    const cancelledTask = await act(alice, taskId, 'complete', { outcome: 'Done' });
    expect(cancelledTask.body).toMatchObject({ type: '/problems/task-cancelled' });
  });

  it('answers 409 task-already-assigned when taking a task someone holds', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    const refused = await act(manager, taskId, 'assign', { staffId: 'bob' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/task-already-assigned' });
  });

  it('answers 409 task-already-exists when an id is reused with other details', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    const replay = await create({ taskId, assignee: { staffId: 'alice' } });
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ revision: 1, position: null });
    const clash = await create({ taskId, title: 'Something else', assignee: { staffId: 'alice' } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ type: '/problems/task-already-exists' });
  });

  it('names each invalid field with 400', async () => {
    const created = await api.request('POST', '/v1/tasks', {
      as: manager,
      body: {
        partnerId: '',
        kind: 'Not A Kind',
        title: ' ',
        dueAt: '2030-03-01',
        assignee: { team: 'astrology' },
      },
    });
    expect(created.status).toBe(400);
    const fields = (created.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['assignee', 'dueAt', 'kind', 'partnerId', 'title']);
    const taskId = await taskFor({ staffId: 'alice' });
    const fieldsOf = async (action: string, body: Record<string, unknown>) => {
      const response = await act(manager, taskId, action, body);
      expect(response.status).toBe(400);
      return (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    };
    expect(await fieldsOf('complete', { outcome: '  ' })).toEqual(['outcome']);
    expect(await fieldsOf('cancel', {})).toEqual(['reason']);
    expect(await fieldsOf('escalate', { reason: 'Late' })).toEqual(['toStaffId']);
    expect(await fieldsOf('reassign', {})).toEqual(['toStaffId']);
    expect(await fieldsOf('reassign', { toStaffId: 'bob', toTeam: 'careers' })).toEqual(['toTeam']);
    const badIfMatch = await act(manager, taskId, 'start', undefined, { 'if-match': 'yesterday' });
    expect(badIfMatch.status).toBe(400);
  });

  it('answers 401 without a token', async () => {
    const response = await api.request('POST', '/v1/tasks', { body: {} });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ type: '/problems/unauthorized' });
  });

  it('answers 404 for an unknown task', async () => {
    const missing = await read('no-such-task');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: '/problems/task-not-found' });
    const start = await act(alice, 'no-such-task', 'start');
    expect(start.status).toBe(404);
    expect(start.body).toMatchObject({ type: '/problems/task-not-found' });
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const taskId = await taskFor({ staffId: 'alice' });
    const stale = await act(alice, taskId, 'start', undefined, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: '/problems/stale-revision' });
    const current = await act(alice, taskId, 'start', undefined, { 'if-match': '"1"' });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"2"');
  });

  it('documents the routes with their roles and problem types', async () => {
    const openapi = await api.request<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/docs/openapi.json',
    );
    const reassign = openapi.body.paths['/v1/tasks/{id}/reassign']?.post;
    expect(reassign?.['x-roles']).toEqual(['manager', 'admin']);
    const complete = openapi.body.paths['/v1/tasks/{id}/complete']?.post;
    expect(JSON.stringify(complete?.responses)).toContain('/problems/task-already-completed');
  });
});
