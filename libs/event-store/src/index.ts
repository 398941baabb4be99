export * from './port';
export * from './errors';
export * from './position';
export * from './event-id';
export * from './integrity';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export {
  PostgresChainAudit,
  sealUnsealedStreams,
  type SqlQuery,
  type StreamVerification,
  type StoreVerification,
  type ChainAuditProgress,
} from './postgres/chain-audit';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
export {
  EventStoreAccessDeniedError,
  EventStoreOperationError,
  EventStoreUnavailableError,
  StreamDeletedError,
} from './eventstoredb/driver-errors';
export { redactConnectionString } from './eventstoredb/connection-string';
