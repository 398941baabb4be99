import { join } from 'node:path';
import { Client } from 'pg';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../libs/platform/src/database/embedded-postgres';

const machinePostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
let embedded: EmbeddedPostgresHandle | undefined;

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** DATABASE_URL if set, else the machine's PostgreSQL, else an embedded server for this run. */
export async function provideTestPostgres(): Promise<string> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (!(await canConnect(configured)))
      throw new Error(`DATABASE_URL is set but unreachable: ${configured}`);
    return configured;
  }
  if (await canConnect(machinePostgresUrl)) return machinePostgresUrl;
  embedded = await startEmbeddedPostgres({
    dataDir: join(process.cwd(), '.data', 'test-postgres'),
    port: 54339,
  });
  return embedded.url;
}

export async function releaseTestPostgres(): Promise<void> {
  await embedded?.stop();
  embedded = undefined;
}
