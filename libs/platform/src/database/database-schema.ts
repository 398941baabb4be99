import type { EntitySchema, MigrationInterface } from 'typeorm';

/** What a bounded context adds to the shared read-model DataSource: its entities and its migrations. */
export interface DatabaseSchema {
  readonly entities?: readonly (EntitySchema | (abstract new (...args: never[]) => object))[];
  readonly migrations?: readonly (new () => MigrationInterface)[];
}
