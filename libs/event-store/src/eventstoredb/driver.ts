import type { EventStoreDBClient } from '@eventstore/db-client';

/** The part of the driver's client the adapter uses. */
export type EventStoreDbDriver = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;
