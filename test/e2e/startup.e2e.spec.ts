import { spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, isListening } from '../../libs/platform/src/testing/free-port';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const repoRoot = join(__dirname, '..', '..');
const OWN_VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'EMBEDDED_POSTGRES_DIR',
  'EMBEDDED_POSTGRES_PORT',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'KAFKA_BROKERS',
  'APP_ROLE',
  'LOG_LEVEL',
];

interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Running[] = [];

/** The real process, as `npm start` runs it, with only the given Continuum variables set. */
function startContinuum(env: Record<string, string>): Running {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !OWN_VARIABLES.includes(name)),
  );
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = { child, stdout: () => stdout, stderr: () => stderr, exit };
  started.push(running);
  return running;
}

async function exitWithin(running: Running, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Still running after ${timeoutMs} ms:\n${running.stderr()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([running.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls /health/ready until it answers 200; fails at once if the process dies first. */
async function readyWithin(running: Running, port: number, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (running.child.exitCode !== null)
      throw new Error(`Exited with ${running.child.exitCode} before ready:\n${running.stderr()}`);
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return response.json();
    if (Date.now() > deadline)
      throw new Error(`Not ready within ${timeoutMs} ms:\n${running.stdout()}\n${running.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterEach(() => {
  for (const running of started.splice(0)) if (running.child.exitCode === null) running.child.kill('SIGKILL');
});

describe('Starting and stopping Continuum', () => {
  describe('with DATABASE_URL', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase('startup');
    });

    afterAll(async () => {
      await database.drop();
    });

    it('serves health, logs with correlation ids, and exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const continuum = startContinuum({ DATABASE_URL: database.url, PORT: String(port) });

      expect(await readyWithin(continuum, port, 30_000)).toMatchObject({
        status: 'ready',
        checks: { database: 'up', kafka: 'not-configured', projections: 'up' },
      });
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      const missing = await fetch(`http://127.0.0.1:${port}/v1/nothing-here`, {
        headers: { 'X-Correlation-Id': 'e2e-startup-1' },
      });
      expect([missing.status, missing.headers.get('x-correlation-id')]).toEqual([404, 'e2e-startup-1']);

      continuum.child.kill('SIGTERM');
      expect(await exitWithin(continuum, 15_000)).toEqual({ code: 0, signal: null });
      const logged = continuum
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({ correlationId: 'e2e-startup-1', msg: 'request completed' }),
      );
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const tables = await client.query("SELECT to_regclass('event_store.events') AS events");
      await client.end();
      expect(tables.rows).toEqual([{ events: 'event_store.events' }]);
    }, 60_000);
  });

  describe('without DATABASE_URL', () => {
    let root: string;

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'continuum-e2e-'));
      // The embedded server runs as the postgres OS user when we are root: it must reach the directory.
      await chmod(root, 0o755);
    });

    afterAll(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('starts an embedded PostgreSQL, and stops it on SIGTERM before exiting 0', async () => {
      const [port, postgresPort] = [await freePort(), await freePort()];
      const dataDir = join(root, 'postgres');
      const continuum = startContinuum({
        PORT: String(port),
        EMBEDDED_POSTGRES_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(postgresPort),
      });

      expect(await readyWithin(continuum, port, 60_000)).toMatchObject({ checks: { database: 'up' } });
      expect(await isListening(postgresPort)).toBe(true);

      continuum.child.kill('SIGTERM');
      expect(await exitWithin(continuum, 30_000)).toEqual({ code: 0, signal: null });
      expect(await isListening(postgresPort)).toBe(false);
      await expect(access(join(dataDir, 'postmaster.pid'))).rejects.toThrow();
    }, 120_000);
  });

  describe('with a bad configuration', () => {
    it('exits 1 naming the variable, without a stack trace', async () => {
      const continuum = startContinuum({ PORT: 'abc' });
      expect(await exitWithin(continuum, 15_000)).toEqual({ code: 1, signal: null });
      expect(continuum.stderr()).toMatch(/^\s+- PORT: must be a number/m);
      expect(continuum.stderr()).not.toMatch(/^\s+at /m);
    }, 30_000);

    it('exits 1 naming the EventStoreDB it cannot reach', async () => {
      const continuum = startContinuum({
        DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
        PORT: String(await freePort()),
      });
      expect(await exitWithin(continuum, 15_000)).toEqual({ code: 1, signal: null });
      expect(continuum.stderr()).toContain('Could not reach EventStoreDB at esdb://127.0.0.1:2113?tls=false');
    }, 30_000);
  });
});
