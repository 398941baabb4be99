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

const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** The campus integration contract's topics and sources (../shared/contract/campus-events.md). */
const campusTopics = ['research', 'careers', 'advancement', 'curriculum', 'workforce', 'tech-transfer'].map(
  (system) => `campus.${system}.events`,
);
const campusSources = ['research', 'careers', 'advancement', 'curriculum', 'workforce', 'tech-transfer'].map(
  (system) => `/campus/${system}`,
);

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
    PUBLISHED_EVENTS_TOPIC: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name')
      .default('engagement.events')
      .describe('Kafka topic the worker publishes engagement CloudEvents to (when KAFKA_BROKERS is set)'),
    PUBLISHED_EVENTS_SOURCE: z
      .string()
      .min(1)
      .default('/engagement')
      .describe('CloudEvent `source` attribute of every published event'),
    CAMPUS_TOPICS: z
      .string()
      .default(campusTopics.join(','))
      .transform(commaList)
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]+$/, 'each topic is letters, digits, . _ -')).min(1))
      .describe('Campus topics the worker consumes (comma-separated); the contract names six'),
    CAMPUS_CONSUMER_GROUP: z
      .string()
      .min(1)
      .default('continuum-campus')
      .describe('Kafka consumer group of the campus consumer'),
    CAMPUS_DLQ_SUFFIX: z
      .string()
      .min(1)
      .default('.dlq')
      .describe('Dead letters of topic T go to T + this suffix'),
    CAMPUS_SOURCES: z
      .string()
      .default(campusSources.join(','))
      .transform(commaList)
      .pipe(z.array(z.string().min(1)).min(1))
      .describe('CloudEvent `source` values accepted from campus systems (comma-separated)'),
    CAMPUS_TOPIC_PARTITIONS: z.coerce
      .number()
      .int()
      .min(1)
      .default(6)
      .describe('Partitions of a campus topic (and its dead-letter topic) when the worker creates it'),
    CAMPUS_PARTITIONS_CONCURRENTLY: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe(
        'Campus partitions the worker processes at once (each in order); default every partition: topics × CAMPUS_TOPIC_PARTITIONS',
      ),
    CAMPUS_CONSUMER_LANES: z.coerce
      .number()
      .int()
      .min(1)
      .max(16)
      .default(4)
      .describe(
        'Members of the campus consumer group each worker runs, each fetching its share of the partitions',
      ),
    APP_ROLE: z
      .enum(appRoles)
      .default('all')
      .describe('all: HTTP and background work in one process; api: HTTP only; worker: background only'),
    WORKFLOWS_CONFIG: z
      .string()
      .optional()
      .describe(
        "Path of a JSON or YAML file with the office's workflow configuration: { enabled?, playbooks: { <name>: { enabled?, settings? } } }",
      ),
    WORKFLOW_SETTINGS: z
      .string()
      .optional()
      .describe('The same workflow configuration as inline JSON; applied over WORKFLOWS_CONFIG'),
    FISCAL_YEAR_START_MONTH: z.coerce
      .number()
      .int()
      .min(1, 'must be a month, 1 to 12')
      .max(12, 'must be a month, 1 to 12')
      .optional()
      .describe('Month (1-12) the fiscal year starts on, on its 1st, for the portfolio; default 7 (1 July)'),
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
