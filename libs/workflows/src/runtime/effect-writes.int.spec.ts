import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { writeEffects, type OutboxRow } from './effect-writes';
import { openHarness, type RuntimeHarness } from './runtime.test-support';
import { migrateWorkflows } from './schema';

let database: TestDatabase;
let harness: RuntimeHarness;

beforeAll(async () => {
  database = await createTestDatabase('workflow_effects');
  harness = await openHarness(database.url);
  await migrateWorkflows(harness.pool);
});

afterAll(async () => {
  await harness.close();
  await database.drop();
});

const now = new Date('2026-11-29T12:00:00Z');

const command = (instanceId: string): OutboxRow => ({
  id: randomUUID(),
  instanceId,
  cause: randomUUID(),
  action: {
    type: 'CompleteTask',
    taskId: randomUUID(),
    outcome: 'done',
    origin: { playbook: 'effects', causationEventId: randomUUID() },
  },
  metadata: { actor: 'workflow:effects' },
});

async function inTransaction<T>(
  work: (client: Parameters<typeof writeEffects>[0]) => Promise<T>,
): Promise<T> {
  const client = await harness.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } finally {
    client.release();
  }
}

describe('writeEffects', () => {
  it('writes states, cancels and schedules timers and inserts commands in one statement, once', async () => {
    const playbook = `effects-${randomUUID().slice(0, 8)}`;
    await harness.pool.query(
      `INSERT INTO workflows.instances (playbook, instance_id, state) VALUES ($1, 'a', '{}'), ($1, 'b', '{}')`,
      [playbook],
    );
    const first = { id: randomUUID(), dueAt: '2026-12-01T00:00:00.000Z', payload: { n: 1 } };
    const commands = [command('a'), command('b')];
    const inserted = await inTransaction((client) =>
      writeEffects(
        client,
        playbook,
        {
          states: new Map([['a', JSON.stringify({ seen: 1 })]]),
          timers: [
            { instanceId: 'a', key: 'remind', schedule: first },
            { instanceId: 'b', key: 'remind', schedule: { ...first, id: randomUUID() } },
          ],
          outbox: commands,
        },
        now,
      ),
    );
    expect(inserted).toBe(2);

    const moved = { id: randomUUID(), dueAt: '2026-12-02T00:00:00.000Z', payload: { n: 2 } };
    const again = await inTransaction((client) =>
      writeEffects(
        client,
        playbook,
        {
          states: new Map([['b', JSON.stringify({ seen: 2 })]]),
          timers: [
            { instanceId: 'a', key: 'remind', schedule: moved },
            { instanceId: 'b', key: 'remind' },
          ],
          outbox: commands, // a replayed batch: the same command ids
        },
        now,
      ),
    );
    expect(again).toBe(0);

    const timers = await harness.pool.query<{ instance_id: string; id: string; due_at: Date }>(
      'SELECT instance_id, id, due_at FROM workflows.timers WHERE playbook = $1 ORDER BY instance_id',
      [playbook],
    );
    expect(timers.rows).toEqual([{ instance_id: 'a', id: moved.id, due_at: new Date(moved.dueAt) }]);
    const states = await harness.pool.query<{ instance_id: string; state: unknown; inputs: number }>(
      'SELECT instance_id, state, inputs FROM workflows.instances WHERE playbook = $1 ORDER BY instance_id',
      [playbook],
    );
    expect(states.rows).toEqual([
      { instance_id: 'a', state: { seen: 1 }, inputs: 1 },
      { instance_id: 'b', state: { seen: 2 }, inputs: 1 },
    ]);
    expect(
      await harness.count('SELECT count(*) AS n FROM workflows.outbox WHERE playbook = $1', [playbook]),
    ).toBe(2);
  });
});
