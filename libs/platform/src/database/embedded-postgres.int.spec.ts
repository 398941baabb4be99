import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, isListening } from '../testing/free-port';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { postgresOsUser } from './postgres-os-user';

const SLOW = 90_000;
let root: string;
let dataDir: string;
let port: number;
const running: EmbeddedPostgresHandle[] = [];

async function start(): Promise<EmbeddedPostgresHandle> {
  const handle = await startEmbeddedPostgres({ dataDir, port });
  running.push(handle);
  return handle;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'continuum-embedded-'));
  // The server runs as the postgres OS user when we are root: it must be able to reach the directory.
  await chmod(root, 0o755);
  dataDir = join(root, 'pg');
  port = await freePort();
});

afterAll(async () => {
  await Promise.all(running.map((handle) => handle.stop()));
  await rm(root, { recursive: true, force: true });
});

describe('Embedded PostgreSQL', () => {
  it(
    'initialises an empty directory and serves the continuum database',
    async () => {
      const server = await start();
      expect(server.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/continuum$`));
      await query(server.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$first run$$)');
      const [row] = await query<{ database: string }>(server.url, 'SELECT current_database() AS database');
      expect(row?.database).toBe('continuum');
      await server.stop();
      expect(await isListening(port)).toBe(false);
    },
    SLOW,
  );

  it(
    'keeps its data across a restart on the same directory',
    async () => {
      const server = await start();
      expect(await query(server.url, 'SELECT note FROM kept')).toEqual([{ note: 'first run' }]);
      await server.stop();
    },
    SLOW,
  );

  it(
    'refuses to start a second server on a directory in use, naming the running pid',
    async () => {
      const server = await start();
      const owner = await postmasterPid();
      const other = startEmbeddedPostgres({ dataDir, port: await freePort() });
      await expect(other).rejects.toThrow(`PostgreSQL (pid ${owner}) is still running on ${dataDir}`);
      expect(await query(server.url, 'SELECT note FROM kept')).toHaveLength(1);
      await server.stop();
    },
    SLOW,
  );

  it(
    'starts again after its server was killed with SIGKILL, data intact',
    async () => {
      const crashed = await start();
      const pid = await postmasterPid();
      process.kill(pid, 'SIGKILL');
      await until('the killed server is gone', () => !isAlive(pid));
      await crashed.stop();

      const server = await start();
      expect(await query(server.url, 'SELECT note FROM kept')).toEqual([{ note: 'first run' }]);
      await server.stop();
    },
    SLOW,
  );

  it(
    'removes a stale postmaster.pid whose pid now belongs to another, live process',
    async () => {
      // Same OS user as the server, as after a container restart: PostgreSQL alone would refuse to start.
      const bystander = spawn('sleep', ['60'], { stdio: 'ignore', ...(await postgresOsUser()) });
      try {
        const pid = bystander.pid!;
        await writeFile(join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n0\n${port}\n\n127.0.0.1\n`);
        const server = await start();
        expect(await postmasterPid()).not.toBe(pid);
        expect(await query(server.url, 'SELECT note FROM kept')).toHaveLength(1);
        await server.stop();
        expect(isAlive(pid)).toBe(true);
      } finally {
        bystander.kill();
      }
    },
    SLOW,
  );
});
