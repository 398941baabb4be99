import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

/** Node's own flags in `npm start` (package.json), so the benchmark runs the system as it is deployed. */
const nodeFlagsOfNpmStart = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'));

/** Continuum as deployed: its own Node process (`apps/api/src/main.ts`), apart from the load it is measured under. */
export interface SystemProcess {
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('No free port');
  return address.port;
}

/**
 * Starts the system with these variables (plus a free PORT) and waits for `/health/ready`.
 * With BENCH_PROFILE_DIR set it runs under `--cpu-prof` and writes its profile there on stop.
 */
export async function startSystemProcess(env: Record<string, string>): Promise<SystemProcess> {
  const port = await freePort();
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const child = spawn(
    process.execPath,
    [
      ...nodeFlagsOfNpmStart,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      '-r',
      '@swc-node/register',
      'apps/api/src/main.ts',
    ],
    { cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000); // the tail is what explains a failure
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const orphanGuard = (): void => void child.kill('SIGKILL'); // never leave the system running past the benchmark
  process.once('exit', orphanGuard);

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The system exited with ${child.exitCode}:\n${output}`);
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (response?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The system was not ready within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      process.removeListener('exit', orphanGuard);
      if (code !== 0) process.stderr.write(`The system exited with ${code}:\n${output}\n`);
    },
  };
}
