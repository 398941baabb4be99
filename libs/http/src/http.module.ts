import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { AUTH_OPTIONS, JwtVerifier, type AuthOptions } from './auth/jwt-verifier';
import { ProblemDetailsFilter } from './problem/problem-details.filter';

/** Cross-cutting HTTP edge: bearer-token auth on every route, problem+json errors. */
@Module({})
export class HttpEdgeModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: HttpEdgeModule,
      global: true,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        {
          provide: JwtVerifier,
          useFactory: (auth: AuthOptions) => new JwtVerifier(auth),
          inject: [AUTH_OPTIONS],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [JwtVerifier],
    };
  }
}
