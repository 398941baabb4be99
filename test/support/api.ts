import { signDevelopmentToken, type Role } from '@continuum/http';
import {
  createNestApplication,
  createRootLogger,
  loadConfig,
  startInfrastructure,
} from '@continuum/platform';
import type { EventStore } from '@continuum/event-store';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../apps/api/src/app.module';
import { createTestDatabase } from './test-database';

const SECRET = 'continuum-test-secret-0123456789abcdef';

export interface TestResponse<Body = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

export interface RequestOptions {
  readonly as?: { sub: string; roles: readonly Role[] } | string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TestApi {
  readonly url: string;
  readonly app: NestExpressApplication;
  readonly eventStore: EventStore;
  readonly databaseUrl: string;
  token(sub: string, roles: readonly Role[]): Promise<string>;
  request<Body = Record<string, unknown>>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<TestResponse<Body>>;
  close(): Promise<void>;
}

/** The real application in-process (API and worker), on a fresh database and a random port. */
export async function startTestApi(label: string, env: Record<string, string> = {}): Promise<TestApi> {
  const database = await createTestDatabase(label);
  const config = loadConfig({
    DATABASE_URL: database.url,
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const logger = createRootLogger(config, 'test');
  const infrastructure = await startInfrastructure(config, logger);
  const app = await createNestApplication(AppModule.compose({ role: 'all', infrastructure, logger }), {
    serveOpenApi: true,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const token = (sub: string, roles: readonly Role[]): Promise<string> =>
    signDevelopmentToken({ secret: SECRET, subject: sub, roles });

  return {
    url,
    app,
    eventStore: infrastructure.eventStore,
    databaseUrl: database.url,
    token,
    async request<Body>(
      method: string,
      path: string,
      options: RequestOptions = {},
    ): Promise<TestResponse<Body>> {
      const headers: Record<string, string> = { ...options.headers };
      if (typeof options.as === 'string') headers.authorization = `Bearer ${options.as}`;
      else if (options.as) headers.authorization = `Bearer ${await token(options.as.sub, options.as.roles)}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
      });
      const text = await response.text();
      const body = (
        text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text
      ) as Body;
      return { status: response.status, headers: response.headers, body };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
