import { z } from 'zod';

const port = (description: string, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback)
    .describe(description);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
  .optional();

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1))
  .optional();

export const appRoles = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof appRoles)[number];

/** Every environment variable Continuum reads; an empty value counts as unset. */
export const configSchema = z
  .object({
    PORT: port('HTTP port: the API, or only the health endpoints for the worker', 3000),
    DATABASE_URL: postgresUrl.describe(
      'PostgreSQL URL for the event store and read models; when unset an embedded PostgreSQL is started',
    ),
    EMBEDDED_POSTGRES_DIR: z
      .string()
      .default('.data/postgres')
      .describe('Data directory of the embedded PostgreSQL (kept across restarts)'),
    EMBEDDED_POSTGRES_PORT: port('Port of the embedded PostgreSQL (listens on 127.0.0.1 only)', 54329),
    EVENT_STORE: z
      .enum(['postgres', 'eventstoredb'])
      .default('postgres')
      .describe('Event store adapter: postgres (the database above) or eventstoredb'),
    EVENTSTORE_CONNECTION_STRING: z
      .string()
      .regex(/^(esdb|kurrentdb)(\+discover)?:\/\/\S+$/, 'must be an esdb:// connection string')
      .optional()
      .describe('EventStoreDB connection string; required when EVENT_STORE=eventstoredb'),
    KAFKA_BROKERS: brokerList.describe(
      'Comma-separated Kafka brokers (host:port); when unset Kafka features are off',
    ),
    KAFKA_CLIENT_ID: z.string().default('continuum').describe('Kafka client id'),
    APP_ROLE: z
      .enum(appRoles)
      .default('all')
      .describe('all: HTTP and background work in one process; api: HTTP only; worker: background only'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Minimum level of the JSON logs'),
    AUTH_JWT_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('Development only: HS256 secret for bearer tokens'),
    AUTH_JWKS_URL: z.url().optional().describe("The identity provider's JWKS URL for bearer tokens"),
  })
  .superRefine((config, context) => {
    if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING)
      context.addIssue({
        code: 'custom',
        path: ['EVENTSTORE_CONNECTION_STRING'],
        message: 'is required when EVENT_STORE=eventstoredb',
      });
  });

export type Config = z.output<typeof configSchema>;
