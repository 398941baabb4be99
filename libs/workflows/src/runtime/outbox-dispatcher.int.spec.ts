import type { TaskCommand } from '@continuum/tasks';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { AssignmentRule } from '../playbook';
import { ReadModelAssignmentResolver, type AssignmentResolver } from './assignment-resolver';
import { openAssignmentReadModels, type AssignmentReadModels } from './assignment.test-support';
import { ManualClock } from './clock';
import { OutboxDispatcher } from './outbox-dispatcher';
import type { CommandAction } from './outbox-action';
import { migrateWorkflows } from './schema';
import type { CommandGateway } from './task-commands';

let database: TestDatabase;
let readModels: AssignmentReadModels;
let pool: Pool;
const clock = new ManualClock('2026-03-01T09:00:00.000Z');

beforeAll(async () => {
  database = await createTestDatabase('outbox_dispatcher');
  readModels = await openAssignmentReadModels(database.url);
  pool = readModels.pool;
  await migrateWorkflows(pool);
  // workforce: w-a has one open task, w-b and w-c none. careers has nobody.
  await readModels.staff('w-a', ['workforce']);
  await readModels.staff('w-b', ['workforce']);
  await readModels.staff('w-c', ['workforce']);
  await readModels.task('busy-1', 'w-a');
  await readModels.caughtUp();
});

afterAll(async () => {
  await readModels.close();
  await database.drop();
});

beforeEach(() => pool.query('DELETE FROM workflows.outbox'));

/** Records the commands instead of running them: the test is about what the dispatcher sends. */
function recordingGateway(): CommandGateway & { readonly sent: TaskCommand[] } {
  const sent: TaskCommand[] = [];
  return {
    sent,
    execute: (decide) => {
      sent.push(decide.command as TaskCommand);
      return Promise.resolve(undefined);
    },
  };
}

const dispatcher = (gateway: CommandGateway, resolver: AssignmentResolver): OutboxDispatcher =>
  new OutboxDispatcher(pool, gateway, resolver, clock, {
    batchSize: 50,
    leaseMs: 60_000,
    backoff: { initialMs: 1_000, maxMs: 60_000 },
  });

const origin = { playbook: 'test' };

const createTask = (taskId: string, assignTo: AssignmentRule): CommandAction => ({
  type: 'CreateTask',
  taskId,
  cause: taskId,
  origin,
  partnerId: 'p-1',
  kind: 'call',
  title: `Call for ${taskId}`,
  dueAt: '2026-03-08T09:00:00.000Z',
  assignTo,
});

/** Queues outbox rows in this order (their seq), due now. */
async function queue(...actions: CommandAction[]): Promise<string[]> {
  const ids: string[] = [];
  for (const action of actions) {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO workflows.outbox (id, playbook, instance_id, cause, action, metadata, issued_at, next_attempt_at)
       VALUES ($1, 'test', $2, $3, $4, '{}', $5, $5)`,
      [id, action.taskId, action.taskId, JSON.stringify(action), clock.now()],
    );
    ids.push(id);
  }
  return ids;
}

const outboxRow = async (id: string) => {
  const { rows } = await pool.query<{
    done_at: Date | null;
    attempts: number;
    last_error: string | null;
    leased_until: Date | null;
    next_attempt_at: Date;
  }>(
    'SELECT done_at, attempts, last_error, leased_until, next_attempt_at FROM workflows.outbox WHERE id = $1',
    [id],
  );
  return rows[0];
};

describe('Outbox dispatcher', () => {
  it('resolves a round\u2019s assignments in one call and spreads its team tasks over the team', async () => {
    const resolver = new ReadModelAssignmentResolver(pool);
    const batches: number[] = [];
    const counting: AssignmentResolver = {
      resolveAll: (rules) => {
        batches.push(rules.length);
        return resolver.resolveAll(rules);
      },
    };
    const gateway = recordingGateway();
    const team: AssignmentRule = { team: 'workforce' };
    const [, , , , escalation] = await queue(
      createTask('task-1', team),
      createTask('task-2', team),
      createTask('task-3', team),
      createTask('task-4', { role: 'owner', partnerId: 'p-unknown', fallbackTeam: 'workforce' }),
      { type: 'EscalateTask', taskId: 'task-1', origin, to: { team: 'careers' }, reason: 'overdue' },
      { type: 'CompleteTask', taskId: 'task-other', origin, outcome: 'done' },
    );

    expect(await dispatcher(gateway, counting).dispatchDue()).toEqual({ claimed: 6, done: 5, failed: 1 });

    expect(batches).toEqual([5]);
    const assignees = new Map(
      gateway.sent.flatMap((command) =>
        command.type === 'CreateTask' ? [[command.data.taskId, command.data.assignee]] : [],
      ),
    );
    // Open tasks before: w-a 1, w-b 0, w-c 0; each task given counts, ties go to the lowest staff id.
    expect(Object.fromEntries(assignees)).toEqual({
      'task-1': { staffId: 'w-b' },
      'task-2': { staffId: 'w-c' },
      'task-3': { staffId: 'w-a' },
      'task-4': { staffId: 'w-b' },
    });
    expect(gateway.sent.map((command) => command.type).sort()).toEqual([
      'CompleteTask',
      'CreateTask',
      'CreateTask',
      'CreateTask',
      'CreateTask',
    ]);
    expect(await outboxRow(escalation!)).toMatchObject({
      done_at: null,
      attempts: 1,
      last_error: 'NobodyToEscalateToError: Nobody to escalate to: team careers has no active member',
    });
  });

  it('records every row of the round as failed when resolving fails, and sends them on a later round', async () => {
    const unreachable = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/nowhere' });
    const gateway = recordingGateway();
    const ids = await queue(
      createTask('task-5', { team: 'workforce' }),
      createTask('task-6', { role: 'staff', staffId: 'w-c', fallbackTeam: 'workforce' }),
      { type: 'CancelTask', taskId: 'task-7', origin, reason: 'not needed' },
    );
    try {
      const round = await dispatcher(gateway, new ReadModelAssignmentResolver(unreachable)).dispatchDue();
      expect(round).toEqual({ claimed: 3, done: 0, failed: 3 });
    } finally {
      await unreachable.end();
    }

    expect(gateway.sent).toEqual([]);
    for (const id of ids) {
      const row = await outboxRow(id);
      expect(row).toMatchObject({ done_at: null, attempts: 1, leased_until: null });
      expect(row?.last_error).toMatch(/^Resolving assignments: .*ECONNREFUSED/);
      expect(row?.next_attempt_at).toEqual(new Date(clock.now().getTime() + 1_000));
    }

    clock.advance(1_000);
    const retry = await dispatcher(gateway, new ReadModelAssignmentResolver(pool)).dispatchDue();
    expect(retry).toEqual({ claimed: 3, done: 3, failed: 0 });
    expect(gateway.sent.map((command) => command.type).sort()).toEqual([
      'CancelTask',
      'CreateTask',
      'CreateTask',
    ]);
  });
});
