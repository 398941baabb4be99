import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as NestPinoLogger } from 'nestjs-pino';

// abortOnError: false so a failed start still reaches our clean-up instead of exiting on the spot.
const nestOptions = { bufferLogs: true, abortOnError: false };

/** Builds the Nest application the same way for the real process and for in-process tests. */
export async function createNestApplication(
  module: DynamicModule,
  options: { serveOpenApi: boolean },
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    module,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest declares its options bag as a class
    nestOptions,
  );
  app.useLogger(app.get(NestPinoLogger));
  app.disable('x-powered-by');
  // CloudEvents bodies arrive as text: the campus endpoint parses them itself, keeping money amounts exact.
  app.useBodyParser('text', {
    type: ['application/cloudevents+json', 'application/cloudevents-batch+json'],
    limit: '5mb',
  });
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  if (options.serveOpenApi) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Continuum API')
        .setDescription(
          'Industry-engagement backend. Every route lists the roles allowed (`x-roles`); errors are application/problem+json with a stable `type` (/problems/<code>).',
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  }
  return app;
}
