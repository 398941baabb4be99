import { PostgresEventStore, type GlobalPosition } from '@continuum/event-store';
import { handleCommand, type Decider, type DomainCommand, type DomainEvent } from '@continuum/kernel';
import {
  partner360Projection,
  partnerDecider,
  partnerStream,
  type PartnerCommand,
} from '@continuum/partners';
import { ProjectionHost, waitForPosition } from '@continuum/projections';
import {
  staffDirectoryProjection,
  staffMemberDecider,
  staffMemberStream,
  type StaffMemberCommand,
} from '@continuum/staff';
import { taskDecider, taskInboxProjection, taskStream, type TaskCommand } from '@continuum/tasks';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { AssignmentRule } from '../playbook';
import { ReadModelAssignmentResolver } from './assignment-resolver';

let database: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;
let pool: Pool;
let host: ProjectionHost;
let resolver: ReadModelAssignmentResolver;
let last: GlobalPosition | undefined;

const metadata = { actor: 'test' };

async function run<C extends DomainCommand, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  stream: string,
  command: C,
): Promise<void> {
  const outcome = await handleCommand(store, decider, stream, command, { metadata });
  last = outcome.position ?? last;
}

const staff = (staffId: string, teams: string[], managerId?: string): Promise<void> =>
  run(staffMemberDecider, staffMemberStream(staffId), {
    type: 'RegisterStaffMember',
    data: {
      staffId,
      name: staffId,
      email: `${staffId}@example.edu`,
      teams,
      ...(managerId ? { managerId } : {}),
    },
  } satisfies StaffMemberCommand);

const partner = async (partnerId: string, owner?: string, sponsor?: string): Promise<void> => {
  const on = (command: PartnerCommand): Promise<void> =>
    run(partnerDecider, partnerStream(partnerId), command);
  await on({
    type: 'RegisterPartner',
    data: { partnerId, name: `Company ${partnerId}`, registeredVia: 'staff' },
  });
  if (owner) await on({ type: 'AssignRelationshipOwner', data: { partnerId, staffId: owner } });
  if (sponsor) await on({ type: 'AssignExecutiveSponsor', data: { partnerId, staffId: sponsor } });
};

const task = async (taskId: string, staffId: string, completed = false): Promise<void> => {
  const now = '2026-03-01T09:00:00.000Z';
  const on = (command: TaskCommand): Promise<void> => run(taskDecider, taskStream(taskId), command);
  await on({
    type: 'CreateTask',
    data: {
      taskId,
      partnerId: 'p-owned',
      kind: 'call',
      title: 'Call',
      dueAt: '2026-03-08T09:00:00.000Z',
      assignee: { staffId },
      origin: { createdBy: 'test' },
      now,
    },
  });
  if (completed) await on({ type: 'CompleteTask', data: { taskId, outcome: 'done', by: staffId, now } });
};

beforeAll(async () => {
  database = await createTestDatabase('assignment');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 4 }).initialize();
  pool = new Pool({ connectionString: database.url, max: 4 });
  resolver = new ReadModelAssignmentResolver(pool);

  await staff('mgr', ['corporate-relations']);
  await staff('owner', ['corporate-relations'], 'mgr');
  await staff('sponsor', ['corporate-relations']);
  await staff('a-busy', ['advancement']);
  await staff('z-idle', ['advancement', 'research']);
  await staff('gone', ['careers'], 'mgr');
  await run(staffMemberDecider, staffMemberStream('gone'), {
    type: 'DeactivateStaffMember',
    data: { staffId: 'gone', deactivatedAt: '2026-02-01T00:00:00.000Z' },
  });
  await partner('p-owned', 'owner');
  await partner('p-sponsored', 'owner', 'sponsor');
  await partner('p-orphan', 'gone');
  await partner('p-none');
  await task('t1', 'a-busy');
  await task('t2', 'a-busy');
  await task('t3', 'z-idle', true);

  const projections = [staffDirectoryProjection, partner360Projection, taskInboxProjection];
  host = new ProjectionHost(projections, store, dataSource, { lockRetryMs: 50 });
  await host.start();
  for (const projection of projections)
    expect(await waitForPosition(host.store, projection.name, last!, 20_000)).toBe(true);
});

afterAll(async () => {
  await host.stop();
  await pool.end();
  await dataSource.destroy();
  await store.close();
  await database.drop();
});

const resolve = (rule: AssignmentRule) => resolver.resolve(rule);

describe('Assignment rules', () => {
  it('resolves a role through the partner to an active staff member', async () => {
    expect(await resolve({ role: 'owner', partnerId: 'p-owned', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'owner',
    });
    expect(
      await resolve({ role: 'owners-manager', partnerId: 'p-owned', fallbackTeam: 'advancement' }),
    ).toEqual({
      staffId: 'mgr',
    });
    expect(
      await resolve({ role: 'executive-sponsor', partnerId: 'p-sponsored', fallbackTeam: 'advancement' }),
    ).toEqual({ staffId: 'sponsor' });
    expect(await resolve({ role: 'manager-of', staffId: 'owner', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'mgr',
    });
    expect(await resolve({ role: 'staff', staffId: 'owner', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'owner',
    });
  });

  it('takes the executive sponsor, else the owner\u2019s manager, for sponsor-or-owners-manager', async () => {
    const rule = (partnerId: string): AssignmentRule => ({
      role: 'sponsor-or-owners-manager',
      partnerId,
      fallbackTeam: 'advancement',
    });
    expect(await resolve(rule('p-sponsored'))).toEqual({ staffId: 'sponsor' });
    expect(await resolve(rule('p-owned'))).toEqual({ staffId: 'mgr' });
  });

  it('falls back to the least-loaded active member of the team when nobody active holds the role', async () => {
    // a-busy has two open tasks, z-idle only a completed one.
    expect(await resolve({ role: 'owner', partnerId: 'p-orphan', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'z-idle',
    });
    expect(
      await resolve({ role: 'executive-sponsor', partnerId: 'p-owned', fallbackTeam: 'advancement' }),
    ).toEqual({
      staffId: 'z-idle',
    });
    expect(await resolve({ role: 'staff', staffId: 'gone', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'z-idle',
    });
    expect(await resolve({ role: 'manager-of', staffId: 'mgr', fallbackTeam: 'research' })).toEqual({
      staffId: 'z-idle',
    });
  });

  it('gives work named for a team to its least-loaded active member', async () => {
    expect(await resolve({ team: 'research' })).toEqual({ staffId: 'z-idle' });
  });

  it('queues the task for the team when the team has no active member', async () => {
    expect(await resolve({ role: 'owner', partnerId: 'p-none', fallbackTeam: 'careers' })).toEqual({
      team: 'careers',
    });
    expect(
      await resolve({ role: 'owners-manager', partnerId: 'p-unknown', fallbackTeam: 'workforce' }),
    ).toEqual({
      team: 'workforce',
    });
    expect(await resolve({ team: 'data-stewardship' })).toEqual({ team: 'data-stewardship' });
  });
});
