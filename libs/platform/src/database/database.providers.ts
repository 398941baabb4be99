import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { DatabaseSchema } from './database-schema';

/** Injection token for the resolved database URL (DATABASE_URL or the embedded server's). */
export const DATABASE_URL = Symbol('DATABASE_URL');

const APPLICATION_NAME = 'continuum';

/** A plain pg pool for hand-written SQL; closed by PlatformLifecycle. */
export const poolProvider: Provider = {
  provide: Pool,
  inject: [DATABASE_URL],
  useFactory: (url: string): Pool => {
    const pool = new Pool({
      connectionString: url,
      application_name: APPLICATION_NAME,
      max: 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', (error) => new Logger('Pool').warn(`Idle database connection lost: ${error.message}`));
    return pool;
  },
};

/** TypeORM for read models: every context's entities and migrations, run at start-up. */
export const dataSourceProvider = (schemas: readonly DatabaseSchema[]): Provider => ({
  provide: DataSource,
  inject: [DATABASE_URL],
  useFactory: async (url: string): Promise<DataSource> => {
    const entities = schemas.flatMap((schema) => schema.entities ?? []);
    const migrations = schemas.flatMap((schema) => schema.migrations ?? []);
    return new DataSource({
      type: 'postgres',
      url,
      applicationName: APPLICATION_NAME,
      poolSize: 20,
      entities,
      migrations,
      migrationsTableName: 'read_model_migrations',
      migrationsRun: migrations.length > 0,
      synchronize: false,
      logging: false,
    }).initialize();
  },
});
