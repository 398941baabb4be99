import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * CPU profile of one phase of a benchmark when BENCH_PROFILE_DIR is set (open the file in Chrome
 * DevTools); a no-op otherwise, so the figures of a normal run carry no profiler overhead.
 */
export async function profilePhase<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const directory = process.env.BENCH_PROFILE_DIR;
  if (!directory) return phase();
  const session = new Session();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      session.post(method, (error, result) => (error ? reject(error) : resolve(result)));
    });
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
