export * from './port';
export * from './errors';
export * from './position';
export * from './event-id';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
