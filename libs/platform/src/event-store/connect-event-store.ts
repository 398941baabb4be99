import { PostgresEventStore, type EventStore } from '@continuum/event-store';
import type { Config } from '../config/config.schema';
import { StartupError } from '../bootstrap/startup-error';

/** The configured adapter behind the EVENT_STORE port, connected and migrated. */
export async function connectEventStore(
  config: Pick<Config, 'EVENT_STORE'>,
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
      throw new StartupError('EventStoreDB adapter not available yet: set EVENT_STORE=postgres');
  }
}
