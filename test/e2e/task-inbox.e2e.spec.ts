import { formatPosition } from '@continuum/event-store';
import { ProjectionRebuilder, ProjectionStore } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { taskInboxProjection } from '@continuum/tasks';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const manager = { sub: 'mona', roles: ['manager'] } as const;
const staff = { sub: 'ivy', roles: ['staff'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;
const integration = { sub: 'crm', roles: ['integration'] } as const;

interface InboxTask {
  taskId: string;
  partnerId: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  assignee: { staffId: string } | { team: string };
  origin: { playbook: string } | { createdBy: string };
  escalations: { count: number; lastEscalatedTo: string | null; lastEscalatedAt: string | null };
  completedAt: string | null;
  cancelledAt: string | null;
  startedAt: string | null;
}
interface Page {
  items: InboxTask[];
  nextCursor: string | null;
}

/** Position of the last write: every read passes it, so it sees all of the setup. */
let lastPosition = '0';

async function write(path: string, body: Record<string, unknown>, expected: number): Promise<void> {
  const response = await api.request<{ position: string | null }>('POST', path, { as: manager, body });
  expect(response.status).toBe(expected);
  lastPosition = response.body.position ?? lastPosition;
}

const createTask = (
  taskId: string,
  dueAt: string,
  assignee: { staffId: string } | { team: string },
  partnerId = 'p-inbox',
) =>
  write(
    '/v1/tasks',
    { taskId, partnerId, kind: 'follow-up-call', title: `Task ${taskId}`, dueAt, assignee },
    201,
  );

const inbox = async (query: string, as: typeof staff | typeof auditor = auditor) => {
  const separator = query ? '&' : '';
  return api.request<Page>('GET', `/v1/tasks?${query}${separator}minPosition=${lastPosition}`, { as });
};
const ids = (page: Page): string[] => page.items.map((task) => task.taskId);

beforeAll(async () => {
  api = await startTestApi('task_inbox');
  // Written out of due order, so the sort is the inbox's doing.
  await createTask('in-e', '2030-06-01T09:00:00Z', { staffId: 'ivy' });
  await createTask('in-f', '2020-01-01T09:00:00Z', { staffId: 'ivy' });
  await createTask('in-b', '2030-01-01T09:00:00Z', { team: 'careers' });
  await createTask('in-a', '2020-01-01T09:00:00Z', { staffId: 'ivy' });
  await createTask('in-c', '2020-06-01T09:00:00Z', { staffId: 'ivy' });
  await createTask('in-d', '2021-01-01T09:00:00Z', { staffId: 'max' });
  await createTask('in-h', '2030-09-01T09:00:00Z', { staffId: 'ivy' });
  await write('/v1/tasks/in-c/complete', { outcome: 'Called, all good' }, 200);
  await write('/v1/tasks/in-d/start', {}, 200);
  await write('/v1/tasks/in-f/cancel', { reason: 'Partner asked to wait' }, 200);
  await write('/v1/tasks/in-e/escalate', { toStaffId: 'mona', reason: 'No answer' }, 200);
  await write('/v1/tasks/in-e/escalate', { toStaffId: 'dean', reason: 'Still no answer' }, 200);
  await write('/v1/tasks/in-h/reassign', { toTeam: 'research' }, 200);
  // No HTTP route creates a playbook's task: the workflow appends it, so the test does too.
  const appended = await api.eventStore.append(
    'task-in-g',
    [
      {
        id: randomUUID(),
        type: 'TaskCreated',
        data: {
          taskId: 'in-g',
          partnerId: 'p-other',
          kind: 'acknowledge-gift',
          title: 'Thank the donor',
          dueAt: '2029-01-01T09:00:00Z',
          assignee: { team: 'advancement' },
          origin: { playbook: 'gift-acknowledgement', causationEventId: 'ev-1' },
          createdAt: '2026-01-01T08:00:00Z',
        },
        metadata: { occurredAt: '2026-01-01T08:00:00Z' },
      },
    ],
    'any',
  );
  lastPosition = formatPosition(appended.position);
});

afterAll(async () => {
  await api.close();
});

describe('Task inbox', () => {
  it('shows a new task at once to a caller who passes the position its creation returned', async () => {
    const created = await api.request<{ position: string }>('POST', '/v1/tasks', {
      as: staff,
      body: {
        taskId: 'in-ryw',
        partnerId: 'p-ryw',
        kind: 'send-brochure',
        title: 'Send the brochure',
        dueAt: '2031-01-01T00:00:00Z',
        assignee: { staffId: 'ivy' },
      },
    });
    expect(created.status).toBe(201);
    const page = await api.request<Page>(
      'GET',
      `/v1/tasks?partnerId=p-ryw&minPosition=${created.body.position}`,
      {
        as: staff,
      },
    );
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ taskId: 'in-ryw', status: 'open', origin: { createdBy: 'ivy' } }),
    ]);
  });

  it('sorts by due time, then by id when two are due at the same instant', async () => {
    const page = await inbox('partnerId=p-inbox');
    expect(page.status).toBe(200);
    expect(ids(page.body)).toEqual(['in-a', 'in-f', 'in-c', 'in-d', 'in-b', 'in-e', 'in-h']);
    expect(page.body.nextCursor).toBeNull();
  });

  it('filters by assignee, team queue, status list and partner, all together', async () => {
    expect(ids((await inbox('assignee=ivy&partnerId=p-inbox')).body)).toEqual([
      'in-a',
      'in-f',
      'in-c',
      'in-e',
    ]);
    expect(ids((await inbox('team=careers')).body)).toEqual(['in-b']);
    expect(ids((await inbox('team=research')).body)).toEqual(['in-h']);
    expect(ids((await inbox('status=in-progress')).body)).toEqual(['in-d']);
    expect(ids((await inbox('status=completed,cancelled')).body)).toEqual(['in-f', 'in-c']);
    expect(ids((await inbox('assignee=ivy&status=open&partnerId=p-inbox')).body)).toEqual(['in-a', 'in-e']);
    expect(ids((await inbox('partnerId=p-other')).body)).toEqual(['in-g']);
  });

  it('computes overdue when asked: open or in progress and due before now; closed tasks never are', async () => {
    const overdue = await inbox('overdue=true');
    expect(ids(overdue.body)).toEqual(['in-a', 'in-d']);
    expect(overdue.body.items.every((task) => task.overdue)).toBe(true);
    const notOverdue = await inbox('overdue=false&partnerId=p-inbox');
    expect(ids(notOverdue.body)).toEqual(['in-f', 'in-c', 'in-b', 'in-e', 'in-h']);
    expect(notOverdue.body.items.some((task) => task.overdue)).toBe(false);
  });

  it('shows assignee, origin, escalations and lifecycle timestamps', async () => {
    const byId = new Map((await inbox('')).body.items.map((task) => [task.taskId, task]));
    expect(byId.get('in-e')).toMatchObject({
      assignee: { staffId: 'ivy' },
      origin: { createdBy: 'mona' },
      escalations: { count: 2, lastEscalatedTo: 'dean', lastEscalatedAt: expect.any(String) as string },
    });
    expect(byId.get('in-h')).toMatchObject({ assignee: { team: 'research' }, status: 'open' });
    expect(byId.get('in-g')).toMatchObject({
      assignee: { team: 'advancement' },
      origin: { playbook: 'gift-acknowledgement' },
      escalations: { count: 0, lastEscalatedTo: null, lastEscalatedAt: null },
      dueAt: '2029-01-01T09:00:00.000Z',
    });
    expect(byId.get('in-c')?.completedAt).toEqual(expect.any(String));
    expect(byId.get('in-f')?.cancelledAt).toEqual(expect.any(String));
    expect(byId.get('in-d')).toMatchObject({
      status: 'in-progress',
      startedAt: expect.any(String) as string,
    });
  });

  it('pages through the whole inbox with the cursor, each task once, in order', async () => {
    const all = ids((await inbox('limit=200')).body);
    expect(all).toHaveLength(9);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: Page } = await inbox(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.body));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(5);
    expect(seen).toEqual(all);
    // Filters hold across pages too.
    const first = await inbox('assignee=ivy&limit=3');
    expect(ids(first.body)).toEqual(['in-a', 'in-f', 'in-c']);
    const second = await inbox(`assignee=ivy&limit=3&cursor=${first.body.nextCursor ?? ''}`);
    expect(ids(second.body)).toEqual(['in-e', 'in-ryw']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers the same after a rebuild from the feed as it did live', async () => {
    const live = await inbox('limit=200');
    const dataSource = api.app.get(DataSource);
    const rebuilt = await new ProjectionRebuilder(
      api.eventStore,
      dataSource,
      new ProjectionStore(dataSource),
    ).rebuild(taskInboxProjection);
    expect(rebuilt.generation).toBe(2);
    const again = await inbox('limit=200');
    expect(again.body.items.map(({ overdue: _o, ...task }) => task)).toEqual(
      live.body.items.map(({ overdue: _o, ...task }) => task),
    );
  });

  it('refuses a forged cursor, an unknown status or team, and a limit above 200', async () => {
    for (const query of [
      'cursor=bm90LWEtY3Vyc29y',
      'status=waiting',
      'team=marketing',
      'limit=201',
      'overdue=maybe',
    ]) {
      const response = await inbox(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });

  it('is readable by staff, managers, auditors and admins, not by integrations', async () => {
    expect((await api.request('GET', '/v1/tasks', { as: integration })).status).toBe(403);
    expect((await inbox('', staff)).status).toBe(200);
  });
});
