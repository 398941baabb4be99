import {
  EventStoreDbEventStore,
  PostgresEventStore,
  redactConnectionString,
  type EventStore,
} from '@continuum/event-store';
import type { Config } from '../config/config.schema';
import { StartupError } from '../bootstrap/startup-error';

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The configured adapter behind the EVENT_STORE port, connected (and, on PostgreSQL, migrated). */
export async function connectEventStore(
  config: Pick<Config, 'EVENT_STORE' | 'EVENTSTORE_CONNECTION_STRING'>,
  databaseUrl: string,
  onBackgroundError: (error: Error) => void,
): Promise<EventStore> {
  switch (config.EVENT_STORE) {
    case 'postgres':
      return PostgresEventStore.connect({
        connectionString: databaseUrl,
        applicationName: 'continuum-event-store',
        onBackgroundError,
      });
    case 'eventstoredb':
      return connectEventStoreDb(config.EVENTSTORE_CONNECTION_STRING, onBackgroundError);
  }
}

/** TLS, credentials and node preference come from the connection string itself. */
async function connectEventStoreDb(
  connectionString: string | undefined,
  onBackgroundError: (error: Error) => void,
): Promise<EventStore> {
  if (!connectionString)
    throw new StartupError('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
  try {
    return await EventStoreDbEventStore.connect({
      connectionString,
      reconnect: {
        onReconnect: (error, attempt) =>
          onBackgroundError(
            new Error(
              `EventStoreDB subscription lost (attempt ${attempt}), resubscribing: ${reasonOf(error)}`,
              {
                cause: error,
              },
            ),
          ),
      },
    });
  } catch (error) {
    throw new StartupError(
      `Could not reach EventStoreDB at ${redactConnectionString(connectionString)}: ${reasonOf(error)}`,
      { cause: error },
    );
  }
}
