import { ConfigError, loadConfig } from './load-config';
import { configSchema } from './config.schema';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('gives every variable its documented default when the environment is empty', () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      EMBEDDED_POSTGRES_DIR: '.data/postgres',
      EMBEDDED_POSTGRES_PORT: 54329,
      EVENT_STORE: 'postgres',
      KAFKA_CLIENT_ID: 'continuum',
      PUBLISHED_EVENTS_TOPIC: 'engagement.events',
      PUBLISHED_EVENTS_SOURCE: '/engagement',
      APP_ROLE: 'all',
      LOG_LEVEL: 'info',
      CAMPUS_TOPICS: [
        'campus.research.events',
        'campus.careers.events',
        'campus.advancement.events',
        'campus.curriculum.events',
        'campus.workforce.events',
        'campus.tech-transfer.events',
      ],
      CAMPUS_CONSUMER_GROUP: 'continuum-campus',
      CAMPUS_DLQ_SUFFIX: '.dlq',
      CAMPUS_SOURCES: [
        '/campus/research',
        '/campus/careers',
        '/campus/advancement',
        '/campus/curriculum',
        '/campus/workforce',
        '/campus/tech-transfer',
      ],
      CAMPUS_TOPIC_PARTITIONS: 6,
      CAMPUS_CONSUMER_LANES: 4,
    });
  });

  it('parses numbers, URLs and the broker list', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db.internal:5432/continuum',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,',
      APP_ROLE: 'worker',
      AUTH_JWKS_URL: 'https://login.example.edu/.well-known/jwks.json',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://app:secret@db.internal:5432/continuum',
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'],
      APP_ROLE: 'worker',
    });
  });

  it('treats an empty or blank variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ', KAFKA_BROKERS: '' })).toMatchObject({ PORT: 3000 });
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('rejects a port that is not a number, naming PORT', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      expect.stringMatching(/^PORT: must be a number \(HTTP port/),
    ]);
  });

  it.each([['0'], ['65536'], ['80.5']])('rejects the out-of-range or fractional port %s', (port) => {
    expect(problemsOf({ EMBEDDED_POSTGRES_PORT: port })).toEqual([
      expect.stringMatching(/^EMBEDDED_POSTGRES_PORT: /),
    ]);
  });

  it('requires EVENTSTORE_CONNECTION_STRING when EVENT_STORE=eventstoredb', () => {
    expect(problemsOf({ EVENT_STORE: 'eventstoredb' })).toEqual([
      expect.stringMatching(/^EVENTSTORE_CONNECTION_STRING: is required when EVENT_STORE=eventstoredb/),
    ]);
    expect(
      loadConfig({
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      }),
    ).toMatchObject({ EVENT_STORE: 'eventstoredb' });
  });

  it('lists every bad variable at once and never echoes a value', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://root:hunter2@db/continuum',
      APP_ROLE: 'everything',
      LOG_LEVEL: 'loud',
      KAFKA_BROKERS: 'kafka-without-port',
      AUTH_JWT_SECRET: 'short',
    });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'APP_ROLE',
      'LOG_LEVEL',
      'AUTH_JWT_SECRET',
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2|everything|loud|kafka-without-port|short/);
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PORT: '3001' }).PORT).toBe(3001);
  });

  it('describes every variable', () => {
    const undocumented = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.description)
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
