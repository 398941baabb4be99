import { taskIdFor } from '@continuum/tasks';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { asAnyPlaybook } from './registered-playbook';
import { openHarness, reminderPlaybook, thingHappened, type RuntimeHarness } from './runtime.test-support';

let database: TestDatabase;
let harness: RuntimeHarness;

const HOUR = 3_600_000;

beforeAll(async () => {
  database = await createTestDatabase('workflow_runtime');
  harness = await openHarness(database.url);
});

afterAll(async () => {
  await harness.close();
  await database.drop();
});

const tasksCreated = (kind: string): Promise<number> =>
  harness.count(
    `SELECT count(*) AS n FROM event_store.events WHERE event_type = 'TaskCreated' AND data->>'kind' = $1`,
    [kind],
  );

const timersOf = (playbook: string): Promise<number> =>
  harness.count('SELECT count(*) AS n FROM workflows.timers WHERE playbook = $1', [playbook]);

const stateOf = async (playbook: string, instance: string): Promise<{ events: string[]; fired: number }> => {
  const { rows } = await harness.pool.query<{ state: { events: string[]; fired: number } }>(
    'SELECT state FROM workflows.instances WHERE playbook = $1 AND instance_id = $2',
    [playbook, instance],
  );
  return rows[0]?.state ?? { events: [], fired: 0 };
};

const outboxDone = (playbook: string): Promise<boolean> =>
  harness
    .count('SELECT count(*) AS n FROM workflows.outbox WHERE playbook = $1 AND done_at IS NULL', [playbook])
    .then((pending) => pending === 0);

describe('Workflow runtime', () => {
  it('keeps a timer across a worker restart and fires it once', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('restart'));
    const first = await harness.runtime([playbook]);
    const eventId = await harness.happen('restart', 'restart-1');
    await harness.eventually('the reminder is scheduled', async () => (await timersOf('restart')) === 1);
    await harness.eventually('the first task exists', async () => (await tasksCreated('note-thing')) >= 1);
    await first.stop();

    const second = await harness.runtime([playbook]);
    harness.clock.advance(2 * HOUR);
    second.wake();
    await harness.eventually('the reminder fired', async () => (await timersOf('restart')) === 0);
    await harness.eventually('its commands went out', () => outboxDone('restart'));

    expect(await stateOf('restart', 'restart-1')).toEqual({ events: [eventId], fired: 1 });
    const { rows } = await harness.pool.query<{ stream_name: string }>(
      `SELECT stream_name FROM event_store.events WHERE event_type = 'TaskCreated' AND data->>'kind' = 'remind'
         AND data->'origin'->>'playbook' = 'restart'`,
    );
    expect(rows).toHaveLength(1);
    await second.stop();
  });

  it('lets two workers share due timers without firing any twice', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('shared'));
    let firedByA = 0;
    let firedByB = 0;
    const a = await harness.runtime([playbook], {
      timerBatchSize: 20,
      onTimersFired: (f) => (firedByA += f.length),
    });
    const b = await harness.runtime([playbook], {
      timerBatchSize: 20,
      onTimersFired: (f) => (firedByB += f.length),
    });
    const things = Array.from({ length: 200 }, (_, i) => `shared-${i}`);
    for (const thing of things) await harness.happen('shared', thing);
    await harness.eventually('every reminder is scheduled', async () => (await timersOf('shared')) === 200);

    harness.clock.advance(2 * HOUR);
    a.wake();
    b.wake();
    await harness.eventually('every reminder fired', async () => (await timersOf('shared')) === 0);
    await harness.eventually('their commands went out', () => outboxDone('shared'));

    expect(firedByA + firedByB).toBe(200);
    const fired = await harness.count(
      `SELECT sum((state->>'fired')::int) AS n FROM workflows.instances WHERE playbook = 'shared'`,
    );
    expect(fired).toBe(200);
    expect(
      await harness.count(
        `SELECT count(*) AS n FROM event_store.events WHERE event_type = 'TaskCreated'
         AND data->>'kind' = 'remind' AND data->'origin'->>'playbook' = 'shared'`,
      ),
    ).toBe(200);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('records a throwing playbook, keeps the others and later inputs going, and retries in order', async () => {
    const broken = new Set(['fragile-1']);
    const fragile = asAnyPlaybook(reminderPlaybook('fragile', broken, thingHappened('fragile')));
    const steady = asAnyPlaybook(reminderPlaybook('steady', new Set(), thingHappened('fragile')));
    const runtime = await harness.runtime([fragile, steady]);
    const first = await harness.happen('fragile', 'fragile-1');
    const healthy = await harness.happen('fragile', 'fragile-2');
    const second = await harness.happen('fragile', 'fragile-1');
    await harness.eventually(
      'both playbooks read past every event',
      async () =>
        (await stateOf('steady', 'fragile-1')).events.length === 2 &&
        (await stateOf('fragile', 'fragile-2')).events.length === 1 &&
        (await harness.count(`SELECT count(*) AS n FROM workflows.failures WHERE playbook = 'fragile'`)) ===
          2,
    );
    const { rows } = await harness.pool.query<{ input_id: string; error: string | null; attempts: number }>(
      `SELECT input_id, error, attempts FROM workflows.failures WHERE playbook = 'fragile' ORDER BY seq`,
    );
    expect(rows).toEqual([
      { input_id: first, error: 'Error: cannot handle thing fragile-1', attempts: 1 },
      { input_id: second, error: null, attempts: 0 },
    ]);
    expect(await stateOf('fragile', 'fragile-2')).toEqual({ events: [healthy], fired: 0 });

    harness.clock.advance(1_500);
    runtime.wake();
    await harness.eventually(
      'the retry failed again, with backoff',
      async () =>
        (await harness.count(
          `SELECT max(attempts) AS n FROM workflows.failures WHERE playbook = 'fragile'`,
        )) === 2,
    );

    broken.clear();
    harness.clock.advance(5_000);
    runtime.wake();
    await harness.eventually(
      'the retries succeeded',
      async () =>
        (await harness.count(`SELECT count(*) AS n FROM workflows.failures WHERE playbook = 'fragile'`)) ===
        0,
    );
    expect((await stateOf('fragile', 'fragile-1')).events).toEqual([first, second]);
    await runtime.stop();
  });

  it('sets aside only the event whose transaction fails, and applies it later from the failure table', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('refused'));
    const runtime = await harness.runtime([playbook], {
      feedBatchSize: 50,
      onError: () => undefined,
      // A statement refused for one event: its batch, then its own transaction, fail; the retry does not.
      beforeFeedCommit: (_playbook, events) =>
        events.some((event) => (event.data as { thingId?: string }).thingId === 'refused-2')
          ? Promise.reject(new Error('value too long for type character varying(8)'))
          : Promise.resolve(),
    });
    const before = await harness.happen('refused', 'refused-1');
    const refusedEvent = await harness.happen('refused', 'refused-2');
    const after = await harness.happen('refused', 'refused-3');
    await harness.eventually(
      'the events around the refused one are applied and it is set aside',
      async () =>
        (await stateOf('refused', 'refused-1')).events.length === 1 &&
        (await stateOf('refused', 'refused-3')).events.length === 1 &&
        (await harness.count(`SELECT count(*) AS n FROM workflows.failures WHERE playbook = 'refused'`)) ===
          1,
    );
    expect((await stateOf('refused', 'refused-1')).events).toEqual([before]);
    expect((await stateOf('refused', 'refused-3')).events).toEqual([after]);
    expect(
      await harness.count(
        `SELECT count(*) AS n FROM workflows.failures WHERE playbook = 'refused' AND input_id = $1
           AND instance_id = 'refused-2' AND error LIKE '%value too long%'`,
        [refusedEvent],
      ),
    ).toBe(1);

    harness.clock.advance(1_500);
    runtime.wake();
    await harness.eventually('the set-aside event was applied', async () =>
      (await stateOf('refused', 'refused-2')).events.includes(refusedEvent),
    );
    expect(
      await harness.count(`SELECT count(*) AS n FROM workflows.failures WHERE playbook = 'refused'`),
    ).toBe(0);
    await runtime.stop();
  });

  it('moves its checkpoint past events it does not take, without touching any instance', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('quiet'));
    const runtime = await harness.runtime([playbook]);
    for (let i = 0; i < 5; i += 1) await harness.happen('noise', `noise-${i}`);
    const head = await harness.store.headPosition();
    await harness.eventually('the checkpoint passed the other events', async () => {
      const { rows } = await harness.pool.query<{ commit_position: string | null }>(
        `SELECT commit_position FROM workflows.checkpoints WHERE playbook = 'quiet'`,
      );
      return BigInt(rows[0]?.commit_position ?? -1) >= (head?.commit ?? 0n);
    });
    expect(
      await harness.count(`SELECT count(*) AS n FROM workflows.instances WHERE playbook = 'quiet'`),
    ).toBe(0);
    await runtime.stop();
  });

  it('replays the whole feed without creating any task twice', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('replay'));
    const runtime = await harness.runtime([playbook]);
    for (let i = 0; i < 20; i += 1) await harness.happen('replay', `replay-${i % 5}`);
    await harness.eventually('20 instances-events applied', async () =>
      harness
        .count(
          `SELECT sum(jsonb_array_length(state->'events')) AS n FROM workflows.instances WHERE playbook = 'replay'`,
        )
        .then((n) => n === 20),
    );
    harness.clock.advance(2 * HOUR);
    runtime.wake();
    await harness.eventually('reminders fired', async () => (await timersOf('replay')) === 0);
    await harness.eventually('commands dispatched', () => outboxDone('replay'));
    await runtime.stop();
    const originTasks = `SELECT count(*) AS n FROM event_store.events WHERE data->'origin'->>'playbook' = 'replay'`;
    const before = await harness.count(originTasks);
    const allEventsBefore = await harness.count('SELECT count(*) AS n FROM event_store.events');
    expect(before).toBe(25); // 20 notes + 5 reminders (one timer per thing, moved by each event)

    for (const table of ['instances', 'timers', 'outbox', 'failures'])
      await harness.pool.query(`DELETE FROM workflows.${table} WHERE playbook = 'replay'`);
    await harness.pool.query(`DELETE FROM workflows.checkpoints WHERE playbook = 'replay'`);
    const replay = await harness.runtime([playbook]);
    await harness.eventually('the replay applied every event', async () =>
      harness
        .count(
          `SELECT sum(jsonb_array_length(state->'events')) AS n FROM workflows.instances WHERE playbook = 'replay'`,
        )
        .then((n) => n === 20),
    );
    replay.wake();
    await harness.eventually('the replayed reminders fired', async () => (await timersOf('replay')) === 0);
    await harness.eventually('the replayed commands were dispatched', () => outboxDone('replay'));

    expect(await harness.count(originTasks)).toBe(before);
    expect(await harness.count('SELECT count(*) AS n FROM event_store.events')).toBe(allEventsBefore);
    await replay.stop();
  });

  it('dispatches a command once even when the worker dies between commit and dispatch', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('crash'));
    const crash = new Error('worker died');
    const dying = await harness.runtime([playbook], {
      beforeDispatch: () => Promise.reject(crash),
      onError: () => undefined,
    });
    const eventId = await harness.happen('crash', 'crash-1');
    await harness.eventually('the command is leased by the dying worker', async () =>
      harness
        .count(
          `SELECT count(*) AS n FROM workflows.outbox WHERE playbook = 'crash' AND leased_until IS NOT NULL`,
        )
        .then((n) => n === 1),
    );
    await dying.stop();
    const taskStream = `task-${taskIdFor('crash', eventId)}`;
    const streamEvents = 'SELECT count(*) AS n FROM event_store.events WHERE stream_name = $1';
    expect(await harness.count(streamEvents, [taskStream])).toBe(0);

    // This one dies after the command went out but before it could mark it done.
    let diedAfter = 0;
    const halfDead = await harness.runtime([playbook], {
      afterDispatch: () => {
        diedAfter += 1;
        return Promise.reject(crash);
      },
      onError: () => undefined,
      parts: { feeds: false },
    });
    harness.clock.advance(61_000); // past the dead worker's lease
    halfDead.wake();
    await harness.eventually('the command went out', () => Promise.resolve(diedAfter === 1));
    await halfDead.stop();

    const survivor = await harness.runtime([playbook], { parts: { feeds: false } });
    harness.clock.advance(61_000);
    survivor.wake();
    await harness.eventually('the outbox row is done', () => outboxDone('crash'));
    const { rows } = await harness.pool.query<{ event_type: string }>(
      'SELECT event_type FROM event_store.events WHERE stream_name = $1 ORDER BY stream_revision',
      [taskStream],
    );
    expect(rows.map((row) => row.event_type)).toEqual(['TaskCreated']);
    await survivor.stop();
  });

  it('pauses between full dispatch rounds while the process is busy, wake-ups included, and still drains', async () => {
    const playbook = asAnyPlaybook(reminderPlaybook('paced'));
    const writer = await harness.runtime([playbook], { parts: { dispatch: false } });
    for (let thing = 1; thing <= 12; thing += 1) await harness.happen('paced', `paced-${thing}`);
    await harness.eventually('12 commands in the outbox', async () =>
      harness
        .count(`SELECT count(*) AS n FROM workflows.outbox WHERE playbook = 'paced'`)
        .then((n) => n === 12),
    );
    await writer.stop();

    const rounds: { done: number; at: number }[] = [];
    const dispatcher = await harness.runtime([playbook], {
      parts: { feeds: false },
      dispatchBatchSize: 5,
      dispatchBusyPauseMs: 1_500,
      busyGauge: { busySinceLastAsked: () => true },
      onCommandsDispatched: (done) => rounds.push({ done, at: Date.now() }),
    });
    await harness.eventually('the first round', () => Promise.resolve(rounds.length === 1));
    dispatcher.wake(); // new work arriving must not cut the pause short
    await harness.eventually('the outbox drained', () => outboxDone('paced'));
    expect(rounds.map((round) => round.done)).toEqual([5, 5, 2]);
    const [first, second, third] = rounds.map((round) => round.at);
    expect(second! - first!).toBeGreaterThanOrEqual(1_400);
    expect(third! - second!).toBeGreaterThanOrEqual(1_400);
    await dispatcher.stop();
  });
});
