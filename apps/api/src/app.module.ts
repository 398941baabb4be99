import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, type ApplicationContext, type DatabaseSchema } from '@continuum/platform';
import { partnerReadModelEntities } from '@continuum/partners';
import { StaffDirectoryEntry } from '@continuum/staff';
import { TaskInboxEntry } from '@continuum/tasks';
import { campusIntegrationSchema } from '@continuum/campus-integration';
import { WorkerModule } from '../../worker/src/worker.module';
import { ApiModule } from './api.module';

/** Read-model entities and migrations of every bounded context (API and worker read the same tables). */
const databaseSchemas: readonly DatabaseSchema[] = [
  { entities: [StaffDirectoryEntry] },
  { entities: partnerReadModelEntities },
  { entities: [TaskInboxEntry] },
  campusIntegrationSchema,
];

/** The whole system, cut per APP_ROLE: `all` = HTTP API + worker, `api` = HTTP only, `worker` = health + background. */
@Module({})
export class AppModule {
  static compose({ role, infrastructure, logger }: ApplicationContext): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ infrastructure, logger, schemas: databaseSchemas }),
        ...(role === 'worker' ? [] : [ApiModule.forRoot(infrastructure.config)]),
        ...(role === 'api' ? [] : [WorkerModule]),
      ],
    };
  }
}
