import { Module, type DynamicModule } from '@nestjs/common';
import { HttpEdgeModule } from '@continuum/http';
import type { Config } from '@continuum/platform';

/** The HTTP API: bearer-token auth and problem+json on every route; domain controllers live under /v1. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [HttpEdgeModule.forRoot({ jwtSecret: config.AUTH_JWT_SECRET, jwksUrl: config.AUTH_JWKS_URL })],
    };
  }
}
