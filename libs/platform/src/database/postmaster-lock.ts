import { readdir, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Another server is running on this data directory: starting a second one would corrupt it. */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pids: readonly number[],
  ) {
    super(
      `PostgreSQL (pid ${pids.join(', ')}) is still running on ${dataDir}, probably left by an earlier ` +
        `run that was killed. Stop it (kill ${pids.join(' ')}) or point EMBEDDED_POSTGRES_DIR elsewhere.`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` is a postgres process of the cluster in `dataDir` (every one chdirs into it); undefined where /proc cannot tell. */
async function servesCluster(pid: number, dataDir: string): Promise<boolean | undefined> {
  try {
    const [command, cwd] = await Promise.all([
      readFile(`/proc/${pid}/comm`, 'utf8'),
      readlink(`/proc/${pid}/cwd`),
    ]);
    return command.trim() === 'postgres' && cwd === dataDir;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && isAlive(pid) ? undefined : false;
  }
}

async function clusterProcesses(dataDir: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
  const matches = await Promise.all(pids.map(async (pid) => ((await servesCluster(pid, dataDir)) ? pid : 0)));
  return matches.filter((pid) => pid !== 0);
}

async function lockOwner(lockFile: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A `postmaster.pid` left by a killed server blocks the next start when its pid now belongs to another
 * process: remove it once no server process of the old cluster is left, or report the live owner.
 */
export async function clearStalePostmasterLock(dataDir: string, waitMs = 10_000): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  const directory = await realpath(dataDir);
  const owner = await lockOwner(lockFile);
  if (owner === undefined) return rm(lockFile, { force: true });
  if (isAlive(owner) && (await servesCluster(owner, directory)) !== false)
    throw new DataDirectoryInUseError(directory, [owner]);
  // Children of a postmaster killed with SIGKILL notice its death and exit within moments.
  const deadline = Date.now() + waitMs;
  let leftovers = await clusterProcesses(directory);
  while (leftovers.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    leftovers = await clusterProcesses(directory);
  }
  if (leftovers.length > 0) throw new DataDirectoryInUseError(directory, leftovers);
  await rm(lockFile, { force: true });
}
