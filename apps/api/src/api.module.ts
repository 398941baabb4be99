import { Module, type DynamicModule, Logger } from '@nestjs/common';
import {
  developmentSecret,
  DEVELOPMENT_SECRET_FILE,
  HttpEdgeModule,
  type AuthOptions,
} from '@continuum/http';
import type { Config } from '@continuum/platform';
import { SharedApiModule } from './shared/shared-api.module';
import { ContinuumLinesApiModule } from './lines/lines.module';
import { PartnersApiModule } from './partners/partners.module';
import { PartnerViewsApiModule } from './partner-views/partner-views.module';
import { StaffApiModule } from './staff/staff.module';
import { TasksApiModule } from './tasks/tasks.module';
import { TaskInboxApiModule } from './task-inbox/task-inbox.module';
import { PortfolioApiModule } from './portfolio/portfolio.module';
import { AuditApiModule } from './audit/audit.module';
import { CampusEventsApiModule } from './campus-events/campus-events.module';
import { DeadLettersApiModule } from './dead-letters/dead-letters.module';

function authOptions(config: Config): AuthOptions {
  if (config.AUTH_JWT_SECRET || config.AUTH_JWKS_URL) {
    return { jwtSecret: config.AUTH_JWT_SECRET, jwksUrl: config.AUTH_JWKS_URL };
  }
  new Logger('Auth').warn(
    `Neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is set: using this install's development secret in ${DEVELOPMENT_SECRET_FILE} (npm run token)`,
  );
  return { jwtSecret: developmentSecret() };
}

/** The HTTP API: bearer-token auth and problem+json on every route; domain controllers live under /v1. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        HttpEdgeModule.forRoot(authOptions(config)),
        SharedApiModule,
        StaffApiModule,
        PartnersApiModule,
        TasksApiModule,
        ContinuumLinesApiModule,
        PartnerViewsApiModule,
        TaskInboxApiModule,
        PortfolioApiModule,
        CampusEventsApiModule,
        DeadLettersApiModule,
        AuditApiModule,
      ],
    };
  }
}
