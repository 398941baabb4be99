// npm run bench:workflows: 100,000 pending timers, 10,000 come due at once, fired by two worker processes.
import { PostgresEventStore } from '@continuum/event-store';
import { DecideHandler } from '@continuum/platform';
import { ProjectionStore } from '@continuum/projections';
import { staffDirectoryProjection } from '@continuum/staff';
import { taskInboxProjection } from '@continuum/tasks';
import {
  asAnyPlaybook,
  migrateWorkflows,
  ReadModelAssignmentResolver,
  systemClock,
  WorkflowRuntime,
  type Playbook,
} from '@continuum/workflows';
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { count, ms, percentile } from './projections/stats';
import { benchServerUrl, checkpoint, createBenchDatabase } from './support/database';
import { describeMachine, describeMachineInline } from './support/machine';
import { writeSection } from './support/markdown';

const heading = '## Workflows (npm run bench:workflows)';
const docsFile = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const PLAYBOOK = 'bench-reminder';

const config = {
  pending: Number(process.env.BENCH_TIMERS ?? 100_000),
  due: Number(process.env.BENCH_DUE_TIMERS ?? 10_000),
  workers: Number(process.env.BENCH_WORKERS ?? 2),
  batchSize: Number(process.env.BENCH_TIMER_BATCH ?? 500),
  /** Dispatch the resulting CreateTask commands too, as a worker does (BENCH_DISPATCH=0 fires only). */
  dispatch: process.env.BENCH_DISPATCH !== '0',
  leadMs: 2_000,
};

/** The benchmark's playbook: a due reminder creates a follow-up task for a team queue. */
const reminder: Playbook<{ fired: number }, Record<string, never>> = {
  name: PLAYBOOK,
  eventTypes: ['BenchReminderRequested'],
  instanceOf: () => undefined,
  initialState: () => ({ fired: 0 }),
  defaultSettings: {},
  react: (state, input) =>
    input.type === 'TimerFired'
      ? {
          state: { fired: state.fired + 1 },
          actions: [
            {
              type: 'CreateTask',
              cause: input.timerId,
              partnerId: String(input.payload.partnerId),
              kind: 'follow-up',
              title: 'Follow up',
              dueAt: input.dueAt,
              assignTo: { team: 'corporate-relations' },
            },
          ],
        }
      : { state, actions: [] },
};

type ToWorker = { readonly type: 'stop' };
type FromWorker =
  | { readonly type: 'ready' }
  | {
      readonly type: 'result';
      readonly lateness: number[];
      readonly commits: number[];
      readonly rounds: number;
    };

/** A worker process: one WorkflowRuntime running timers (and dispatch), reporting each timer's lateness. */
async function worker(url: string): Promise<void> {
  const store = await PostgresEventStore.connect({
    connectionString: url,
    poolSize: 4,
    applicationName: 'bench-worker',
  });
  const pool = new Pool({ connectionString: url, max: 6, application_name: 'bench-worker' });
  const lateness: number[] = [];
  const commits: number[] = [];
  let rounds = 0;
  const decide = new DecideHandler(store);
  const runtime = new WorkflowRuntime(
    {
      playbooks: [{ playbook: asAnyPlaybook(reminder), settings: {} }],
      eventStore: store,
      pool,
      databaseUrl: url,
      clock: systemClock,
      commands: { execute: (command) => decide.execute(command) },
      resolver: new ReadModelAssignmentResolver(pool),
    },
    {
      timerBatchSize: config.batchSize,
      parts: { feeds: false, retries: false, dispatch: config.dispatch },
      dispatchBatchSize: 100,
      onError: (error) => log(`  worker ${process.pid}: ${error.message}`),
      onTimersFired: (fired, committedAt) => {
        rounds += 1;
        commits.push(committedAt.getTime());
        for (const timer of fired) lateness.push(committedAt.getTime() - timer.dueAt.getTime());
      },
    },
  );
  await runtime.start();
  process.send?.({ type: 'ready' } satisfies FromWorker);
  await new Promise<void>((resolve) => process.once('message', (_stop: ToWorker) => resolve()));
  await runtime.stop();
  await new Promise<void>((resolve, reject) =>
    process.send?.(
      { type: 'result', lateness, commits, rounds } satisfies FromWorker,
      undefined,
      undefined,
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  await pool.end();
  await store.close();
  process.disconnect();
}

interface WorkerHandle {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly result: Promise<Extract<FromWorker, { type: 'result' }>>;
}

function startWorker(url: string): WorkerHandle {
  const child = fork(__filename, [], { env: { ...process.env, BENCH_WORKFLOWS_WORKER_URL: url } });
  let ready!: () => void;
  let result!: (value: Extract<FromWorker, { type: 'result' }>) => void;
  const handle = {
    child,
    ready: new Promise<void>((resolve) => (ready = resolve)),
    result: new Promise<Extract<FromWorker, { type: 'result' }>>((resolve, reject) => {
      result = resolve;
      child.on('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code ?? 'a signal'}`)));
    }),
  };
  child.on('message', (message: FromWorker) => (message.type === 'ready' ? ready() : result(message)));
  return handle;
}

async function seed(pool: Pool): Promise<void> {
  // Straight into the tables (what 100,000 scheduling reactions would have left), all far in the future for now.
  await pool.query(
    `INSERT INTO workflows.instances (playbook, instance_id, state)
     SELECT $1, 'i-' || g, '{"fired":0}'::jsonb FROM generate_series(1, $2::int) g`,
    [PLAYBOOK, config.pending],
  );
  await pool.query(
    `INSERT INTO workflows.timers (id, playbook, instance_id, key, due_at, payload, scheduled_at)
     SELECT gen_random_uuid(), $1, 'i-' || g, 'remind', now() + interval '30 days' + g * interval '1 second',
       jsonb_build_object('partnerId', 'p-' || (g % 500)), now()
     FROM generate_series(1, $2::int) g`,
    [PLAYBOOK, config.pending],
  );
  await pool.query('VACUUM ANALYZE workflows.timers, workflows.instances');
}

const waitFor = async (probe: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('The benchmark did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The (empty) read models the assignment rules read: with nobody in the team, tasks go to its queue. */
async function createAssignmentReadModels(url: string): Promise<void> {
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 1 }).initialize();
  try {
    const projections = new ProjectionStore(dataSource);
    await projections.migrate();
    for (const projection of [staffDirectoryProjection, taskInboxProjection])
      await projections.activeGeneration(projection);
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const serverUrl = benchServerUrl();
  const machine = await describeMachine(serverUrl);
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const database = await createBenchDatabase(serverUrl, 'workflows');
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const workers: WorkerHandle[] = [];
  try {
    await migrateWorkflows(pool);
    await createAssignmentReadModels(database.url);
    log(`seeding ${count(config.pending)} pending timers`);
    await seed(pool);
    await checkpoint(serverUrl);
    for (let i = 0; i < config.workers; i += 1) workers.push(startWorker(database.url));
    await Promise.all(workers.map((handle) => handle.ready));

    const dueAt = new Date(Date.now() + config.leadMs);
    await pool.query(
      `UPDATE workflows.timers SET due_at = $2 WHERE id IN (
         SELECT id FROM workflows.timers WHERE playbook = $1 ORDER BY due_at LIMIT $3)`,
      [PLAYBOOK, dueAt, config.due],
    );
    log(`${count(config.due)} timers due at ${dueAt.toISOString()}; ${config.workers} workers firing`);
    const countOf = async (sql: string, params: unknown[] = []): Promise<number> =>
      Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
    await waitFor(
      async () =>
        (await countOf('SELECT count(*) AS n FROM workflows.timers WHERE due_at <= $1', [dueAt])) === 0,
      300_000,
    );
    if (config.dispatch)
      await waitFor(
        async () => (await countOf('SELECT count(*) AS n FROM workflows.outbox WHERE done_at IS NULL')) === 0,
        600_000,
      );
    const dispatchedAt = Date.now();
    workers.forEach((handle) => handle.child.send({ type: 'stop' } satisfies ToWorker));
    const results = await Promise.all(workers.map((handle) => handle.result));
    const loadAfter = loadavg()[0] ?? 0;

    const lateness = results.flatMap((result) => result.lateness).sort((a, b) => a - b);
    const lastCommit = Math.max(...results.flatMap((result) => result.commits));
    const fired = await countOf(
      `SELECT coalesce(sum((state->>'fired')::int), 0) AS n FROM workflows.instances`,
    );
    const remaining = await countOf('SELECT count(*) AS n FROM workflows.timers');
    const tasks = await countOf(
      `SELECT count(*) AS n FROM event_store.events WHERE event_type = 'TaskCreated'`,
    );
    if (lateness.length !== config.due || fired !== config.due || (config.dispatch && tasks !== config.due))
      throw new Error(
        `Expected ${config.due} firings, saw ${lateness.length} reported and ${fired} in the states`,
      );
    const firingSeconds = (lastCommit - dueAt.getTime()) / 1000;
    const perWorker = results.map((result) => result.lateness.length);
    const section = [
      `Run on ${new Date().toISOString().slice(0, 10)}: ${describeMachineInline(machine)}. One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run (other processes on the machine show up here); the run took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
      '',
      `**Setup.** ${count(config.pending)} pending timers of one playbook, each on its own instance, written straight into \`workflows.timers\` and \`workflows.instances\` (what as many scheduling reactions leave behind), due 30 days ahead. ${config.workers} worker processes each run a \`WorkflowRuntime\` (timer poller, batch ${config.batchSize}; ${config.dispatch ? 'outbox dispatcher on, giving way while the poller has full batches waiting' : 'outbox dispatcher off'}; the feed runners and the retrier off, they have nothing to do here) on the real clock. Once both are up, ${count(config.due)} of the timers are moved to one instant ${config.leadMs / 1000} s ahead. Firing a timer is one \`FOR UPDATE SKIP LOCKED\` claim per batch, the instance locked, \`react\` (the playbook answers with one CreateTask for a team; the staff directory is empty, so the dispatcher's assignment rule finds nobody and the task goes to the team's queue), the state, the outbox row and the timer deletion written, all in the batch's transaction. Lateness is from the due instant to the commit of the transaction that fired the timer, measured in the worker on the same machine's clock.`,
      '',
      '| figure | value |',
      '| --- | ---: |',
      `| timers fired (by worker) | ${count(lateness.length)} (${perWorker.map(count).join(' + ')}) |`,
      `| fired twice | 0 (checked: the instances' fire counts sum to ${count(fired)}${config.dispatch ? `, ${count(tasks)} TaskCreated events` : ''}) |`,
      `| timers left pending (not due) | ${count(remaining)} |`,
      `| firing throughput | ${count(config.due / firingSeconds)} timers/s (all ${count(config.due)} committed ${firingSeconds.toFixed(2)} s after the due instant) |`,
      `| lateness p50 | ${ms(percentile(lateness, 50))} ms |`,
      `| lateness p99 | ${ms(percentile(lateness, 99))} ms |`,
      `| lateness max | ${ms(lateness.at(-1) ?? 0)} ms |`,
      `| firing transactions | ${count(results.reduce((sum, result) => sum + result.rounds, 0))} |`,
      ...(config.dispatch
        ? [
            `| tasks created (Decide, the CommandBus handler) | ${count(tasks)} |`,
            `| all tasks appended | ${((dispatchedAt - dueAt.getTime()) / 1000).toFixed(1)} s after the due instant (${count(tasks / ((dispatchedAt - dueAt.getTime()) / 1000))} commands/s, leased 100 at a time, one append per command) |`,
          ]
        : []),
      '',
      `Goal: p99 lateness under 2 s with two worker processes: **${percentile(lateness, 99) < 2_000 ? 'met' : 'not met'}** (${ms(percentile(lateness, 99))} ms). Settings: \`BENCH_TIMERS\`, \`BENCH_DUE_TIMERS\`, \`BENCH_WORKERS\`, \`BENCH_TIMER_BATCH\`, \`BENCH_DISPATCH\`, \`BENCH_DATABASE_URL\`.`,
    ].join('\n');
    const written = await writeSection(docsFile, heading, section);
    console.log(`\n${written}\n`);
  } finally {
    workers.forEach((handle) => handle.child.connected && handle.child.kill());
    await pool.end();
    await store.close();
    await database.drop();
  }
}

const workerUrl = process.env.BENCH_WORKFLOWS_WORKER_URL;
(workerUrl ? worker(workerUrl) : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  if (process.connected) process.disconnect();
});
