import type { SqlQuery } from '@continuum/event-store';
import type { DataSource } from 'typeorm';

/** The audit readers' SQL seam over the application's TypeORM connection pool. */
export const sqlQueryOf =
  (dataSource: DataSource): SqlQuery =>
  <Row>(sql: string, parameters: readonly unknown[]) =>
    dataSource.query<Row[]>(sql, [...parameters]);
