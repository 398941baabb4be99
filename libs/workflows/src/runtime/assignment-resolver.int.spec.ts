import type { TaskAssignee } from '@continuum/tasks';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { AssignmentRule } from '../playbook';
import { ReadModelAssignmentResolver } from './assignment-resolver';
import { openAssignmentReadModels, type AssignmentReadModels } from './assignment.test-support';

let database: TestDatabase;
let readModels: AssignmentReadModels;
let resolver: ReadModelAssignmentResolver;

beforeAll(async () => {
  database = await createTestDatabase('assignment');
  readModels = await openAssignmentReadModels(database.url);
  resolver = new ReadModelAssignmentResolver(readModels.pool);
  const { staff, partner, task } = readModels;

  await staff('mgr', ['corporate-relations']);
  await staff('owner', ['corporate-relations'], 'mgr');
  await staff('sponsor', ['corporate-relations']);
  await staff('a-busy', ['advancement']);
  await staff('z-idle', ['advancement', 'research']);
  await staff('gone', ['careers', 'curriculum'], 'mgr');
  await readModels.deactivate('gone');
  await staff('intern', ['tech-transfer'], 'gone');
  // curriculum: cur-a has 3 open tasks, cur-b 1, cur-c none; gone (inactive, no tasks) must never be picked.
  await staff('cur-a', ['curriculum']);
  await staff('cur-b', ['curriculum']);
  await staff('cur-c', ['curriculum']);
  await partner('p-owned', 'owner');
  await partner('p-sponsored', 'owner', 'sponsor');
  await partner('p-orphan', 'gone');
  await partner('p-none');
  // Its own owner is mgr and it has no sponsor: only through the alias do owner and sponsor apply.
  await partner('p-duplicate', 'mgr');
  await readModels.merge('p-duplicate', 'p-sponsored');
  await task('t1', 'a-busy');
  await task('t2', 'a-busy');
  await task('t3', 'z-idle', true);
  for (const taskId of ['o1', 'o2', 'o3']) await task(taskId, 'cur-a');
  await task('o4', 'cur-b');
  await task('o5', 'cur-c', true);
  await readModels.caughtUp();
});

afterAll(async () => {
  await readModels.close();
  await database.drop();
});

/** One rule on its own. */
async function resolve(rule: AssignmentRule): Promise<TaskAssignee> {
  const [assignee] = await resolver.resolveAll([rule]);
  if (!assignee) throw new Error('resolveAll answered no assignee for one rule');
  return assignee;
}

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

  it('resolves a merged partner through the partner it was merged into', async () => {
    expect(await resolve({ role: 'owner', partnerId: 'p-duplicate', fallbackTeam: 'advancement' })).toEqual({
      staffId: 'owner',
    });
    expect(
      await resolve({ role: 'executive-sponsor', partnerId: 'p-duplicate', fallbackTeam: 'advancement' }),
    ).toEqual({ staffId: 'sponsor' });
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

// Every rule kind; no two fall back to teams sharing a member, so answering one by one gives the same.
const mixedRules: readonly [AssignmentRule, TaskAssignee][] = [
  [{ role: 'owner', partnerId: 'p-owned', fallbackTeam: 'advancement' }, { staffId: 'owner' }],
  [
    { role: 'executive-sponsor', partnerId: 'p-sponsored', fallbackTeam: 'advancement' },
    { staffId: 'sponsor' },
  ],
  [{ role: 'owners-manager', partnerId: 'p-owned', fallbackTeam: 'advancement' }, { staffId: 'mgr' }],
  [
    { role: 'sponsor-or-owners-manager', partnerId: 'p-sponsored', fallbackTeam: 'advancement' },
    { staffId: 'sponsor' },
  ],
  [
    { role: 'sponsor-or-owners-manager', partnerId: 'p-owned', fallbackTeam: 'advancement' },
    { staffId: 'mgr' },
  ],
  [{ role: 'manager-of', staffId: 'owner', fallbackTeam: 'advancement' }, { staffId: 'mgr' }],
  // An inactive person's active manager still counts.
  [{ role: 'manager-of', staffId: 'gone', fallbackTeam: 'advancement' }, { staffId: 'mgr' }],
  [{ role: 'staff', staffId: 'sponsor', fallbackTeam: 'advancement' }, { staffId: 'sponsor' }],
  [{ role: 'owner', partnerId: 'p-duplicate', fallbackTeam: 'advancement' }, { staffId: 'owner' }],
  [
    { role: 'executive-sponsor', partnerId: 'p-duplicate', fallbackTeam: 'advancement' },
    { staffId: 'sponsor' },
  ],
  [{ role: 'owner', partnerId: 'p-orphan', fallbackTeam: 'advancement' }, { staffId: 'z-idle' }],
  [{ role: 'owners-manager', partnerId: 'p-unknown', fallbackTeam: 'workforce' }, { team: 'workforce' }],
  // intern's manager is inactive, and careers has no active member.
  [{ role: 'manager-of', staffId: 'intern', fallbackTeam: 'careers' }, { team: 'careers' }],
  [{ team: 'data-stewardship' }, { team: 'data-stewardship' }],
  [{ role: 'staff', staffId: 'nobody-such', fallbackTeam: 'corporate-relations' }, { staffId: 'mgr' }],
  [{ role: 'executive-sponsor', partnerId: 'p-owned', fallbackTeam: 'curriculum' }, { staffId: 'cur-c' }],
  [{ role: 'owner', partnerId: 'p-none', fallbackTeam: 'tech-transfer' }, { staffId: 'intern' }],
];

describe('Resolving a batch of rules', () => {
  it('answers every rule kind as resolving it alone does, in the order asked', async () => {
    const rules = mixedRules.map(([rule]) => rule);
    const oneByOne: TaskAssignee[] = [];
    for (const rule of rules) oneByOne.push(await resolve(rule));

    const together = await resolver.resolveAll(rules);

    expect(together).toEqual(mixedRules.map(([, expected]) => expected));
    expect(together).toEqual(oneByOne);
    expect(await resolver.resolveAll([...rules].reverse())).toEqual([...oneByOne].reverse());
  });

  it('spreads a batch of tasks for one team over its active members, fewest open tasks first', async () => {
    const sixTasks = Array.from({ length: 6 }, (): AssignmentRule => ({ team: 'curriculum' }));
    // Open tasks before: cur-a 3, cur-b 1, cur-c 0; ties go to the lowest staff id.
    expect(await resolver.resolveAll(sixTasks)).toEqual(
      ['cur-c', 'cur-b', 'cur-c', 'cur-b', 'cur-c', 'cur-a'].map((staffId) => ({ staffId })),
    );
  });

  it('counts a task given through one team against the member in the other teams too', async () => {
    // z-idle is in research and advancement; a-busy (2 open tasks) only in advancement.
    const rules: AssignmentRule[] = [
      { team: 'research' },
      { team: 'advancement' },
      { role: 'owner', partnerId: 'p-orphan', fallbackTeam: 'advancement' },
    ];
    expect(await resolver.resolveAll(rules)).toEqual([
      { staffId: 'z-idle' },
      { staffId: 'z-idle' },
      { staffId: 'a-busy' },
    ]);
  });

  it('sends the same number of queries for 1 rule as for 40', async () => {
    const queries = jest.spyOn(readModels.pool, 'query');
    try {
      // Needs the partner, the staff directory and a team's loads: every kind of lookup there is.
      await resolver.resolveAll([{ role: 'owner', partnerId: 'p-orphan', fallbackTeam: 'advancement' }]);
      const forOne = queries.mock.calls.length;
      queries.mockClear();

      const forty = Array.from({ length: 40 }, (_, index) => mixedRules[index % mixedRules.length]![0]);
      expect(await resolver.resolveAll(forty)).toHaveLength(40);
      expect(forOne).toBe(3);
      expect(queries.mock.calls.length).toBe(forOne);
    } finally {
      queries.mockRestore();
    }
  });

  it('sends no query for an empty batch', async () => {
    const queries = jest.spyOn(readModels.pool, 'query');
    try {
      expect(await resolver.resolveAll([])).toEqual([]);
      expect(queries).not.toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });
});
