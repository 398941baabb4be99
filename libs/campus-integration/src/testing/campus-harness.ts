import { PostgresEventStore } from '@continuum/event-store';
import { StreamStateCache } from '@continuum/kernel';
import { DecideHandler } from '@continuum/platform';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CampusIngestion } from '../inbound/campus-ingestion';
import { CampusInbox } from '../storage/campus-inbox';
import { campusIntegrationSchema } from '../storage/campus-integration.entities';
import { DeadLetterStore } from '../storage/dead-letter-store';
import { ReadModelPartnerDirectory } from '../storage/read-model-partner-directory';

/** Campus ingestion on one database without Nest: the event store, the campus tables, the pipeline. */
export interface CampusHarness {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly ingestion: CampusIngestion;
  readonly inbox: CampusInbox;
  readonly deadLetters: DeadLetterStore;
  close(): Promise<void>;
}

export async function openCampusHarness(
  databaseUrl: string,
  options: { poolSize?: number; partnerChangesCheckMs?: number } = {},
): Promise<CampusHarness> {
  const poolSize = options.poolSize ?? 10;
  // Quiet on background errors: a test database is dropped with FORCE once the test is done.
  const store = await PostgresEventStore.connect({
    connectionString: databaseUrl,
    poolSize,
    onBackgroundError: () => undefined,
  });
  const migrations = await new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: campusIntegrationSchema.migrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
  }).initialize();
  await migrations.destroy();
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  pool.on('error', () => undefined);
  const inbox = new CampusInbox(pool);
  const streams = new StreamStateCache(); // shared as in the app: commands and resolution see one cache
  const ingestion = new CampusIngestion(
    store,
    new DecideHandler(store, streams),
    new ReadModelPartnerDirectory(pool),
    inbox,
    options.partnerChangesCheckMs,
    streams,
  );
  return {
    store,
    pool,
    ingestion,
    inbox,
    deadLetters: new DeadLetterStore(pool),
    async close() {
      await pool.end();
      await store.close();
    },
  };
}
