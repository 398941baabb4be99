import { availableParallelism, cpus, totalmem } from 'node:os';
import { withClient } from './database';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly postgres: string;
  readonly postgresSettings: string;
  readonly node: string;
}

const reportedSettings = ['shared_buffers', 'synchronous_commit', 'fsync'] as const;

export async function describeMachine(serverUrl: string): Promise<MachineInfo> {
  const { postgres, settings } = await withClient(serverUrl, async (client) => {
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const values: string[] = [];
    for (const name of reportedSettings) {
      const result = await client.query<Record<string, string>>(`SHOW ${name}`);
      values.push(`${name} ${result.rows[0]?.[name] ?? '?'}`);
    }
    return { postgres: version.rows[0]?.server_version ?? 'unknown', settings: values.join(', ') };
  });
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 1024 ** 3,
    postgres,
    postgresSettings: settings,
    node: process.version,
  };
}

export const describeMachineInline = (machine: MachineInfo): string =>
  `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB.toFixed(1)} GiB memory, ` +
  `PostgreSQL ${machine.postgres} (${machine.postgresSettings}), Node ${machine.node}`;
