import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.schema';
import { correlationIdOf } from './correlation-id';
import { currentCorrelationId } from './request-context';

/** The one JSON logger of the process; every line written inside a request or message carries its correlation id. */
export function createRootLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  role: string,
  destination: DestinationStream = pino.destination({ fd: 1, sync: true }),
): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'continuum', role },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    destination,
  );
}

/** nestjs-pino on the root logger: one line per request, short req/res (no headers, so no tokens). */
export const loggerParams = (logger: Logger): Params => ({
  forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  pinoHttp: {
    logger,
    genReqId: (request) => correlationIdOf(request),
    autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health/') ?? false },
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, url: request.url }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  },
});
