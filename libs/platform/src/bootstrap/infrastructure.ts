import type { EventStore } from '@continuum/event-store';
import type { Logger } from 'pino';
import type { Config } from '../config/config.schema';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { redactUrl } from '../database/redact-url';
import { connectEventStore } from '../event-store/connect-event-store';
import { StartupError } from './startup-error';

/** What exists before Nest starts, in start-up order; `close()` releases it in reverse. */
export interface Infrastructure {
  readonly config: Config;
  readonly databaseUrl: string;
  readonly eventStore: EventStore;
  close(): Promise<void>;
}

async function openDatabase(config: Config, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: () => Promise.resolve() };
  const started = Date.now();
  const postgresLog = logger.child({ component: 'embedded-postgres' });
  const embedded = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_POSTGRES_DIR,
    port: config.EMBEDDED_POSTGRES_PORT,
    log: (line) => postgresLog.debug(line),
  }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Could not start the embedded PostgreSQL (EMBEDDED_POSTGRES_DIR=${config.EMBEDDED_POSTGRES_DIR}, ` +
        `EMBEDDED_POSTGRES_PORT=${config.EMBEDDED_POSTGRES_PORT}; set DATABASE_URL to use another server): ${reason}`,
      { cause: error },
    );
  });
  logger.info(
    { dataDir: config.EMBEDDED_POSTGRES_DIR, port: config.EMBEDDED_POSTGRES_PORT, ms: Date.now() - started },
    'Embedded PostgreSQL started (DATABASE_URL is not set)',
  );
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      logger.info('Embedded PostgreSQL stopped');
    },
  };
}

/** Config is parsed; now the database (embedded when DATABASE_URL is unset), then the event store. */
export async function startInfrastructure(config: Config, logger: Logger): Promise<Infrastructure> {
  const database = await openDatabase(config, logger);
  let eventStore: EventStore;
  try {
    eventStore = await connectEventStore(config, database.url, (error) =>
      logger.error({ err: error }, 'Event store background error'),
    );
  } catch (error) {
    await database.stop();
    if (error instanceof StartupError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`Could not open the event store on ${redactUrl(database.url)}: ${reason}`, {
      cause: error,
    });
  }
  let closing: Promise<void> | undefined;
  return {
    config,
    databaseUrl: database.url,
    eventStore,
    close: () => {
      closing ??= eventStore.close().finally(() => database.stop());
      return closing;
    },
  };
}
