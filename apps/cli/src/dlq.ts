import {
  CampusInbox,
  CampusIngestion,
  campusIntegrationSchema,
  DeadLetterStore,
  ReadModelPartnerDirectory,
  replayDeadLetters,
} from '@continuum/campus-integration';
import { createRootLogger, DecideHandler, loadConfig, startInfrastructure } from '@continuum/platform';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

const usage =
  'usage: npm run dlq -- list [<topic>] | replay <topic>   (topic: the origin, e.g. campus.research.events)';

// Operators' tool: see the campus dead letters, and feed a topic's dead letters back once their cause is fixed.
async function main(): Promise<void> {
  const [command, topic] = process.argv.slice(2);
  if (command !== 'list' && !(command === 'replay' && topic)) throw new Error(usage);
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const infrastructure = await startInfrastructure(config, createRootLogger(config, 'cli'));
  const pool = new Pool({ connectionString: infrastructure.databaseUrl, application_name: 'continuum-dlq' });
  pool.on('error', (error) => console.warn(`Idle database connection lost: ${error.message}`));
  // The inbox and dead-letter tables, should the CLI run before any app did.
  const dataSource = await new DataSource({
    type: 'postgres',
    url: infrastructure.databaseUrl,
    migrations: campusIntegrationSchema.migrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
  }).initialize();
  const deadLetters = new DeadLetterStore(pool);
  try {
    if (command === 'list') {
      const rows = await deadLetters.list({ ...(topic ? { topic } : {}), limit: 200 });
      console.table(
        rows.map(({ id, topic: origin, partition, offset, reason, message, replayed }) => ({
          id,
          origin: `${origin}[${partition}]@${offset}`,
          reason,
          replayed,
          message: message.slice(0, 80),
        })),
      );
      return;
    }
    if (!config.KAFKA_BROKERS?.length) throw new Error('KAFKA_BROKERS is not set');
    const store = infrastructure.eventStore;
    const ingestion = new CampusIngestion(
      store,
      new DecideHandler(store),
      new ReadModelPartnerDirectory(pool),
      new CampusInbox(pool),
    );
    const kafka = new Kafka({
      clientId: `${config.KAFKA_CLIENT_ID}-dlq`,
      brokers: [...config.KAFKA_BROKERS],
      logLevel: logLevel.WARN,
    });
    const report = await replayDeadLetters(kafka, ingestion, deadLetters, {
      topic: topic ?? '',
      dlqSuffix: config.CAMPUS_DLQ_SUFFIX,
      sources: config.CAMPUS_SOURCES,
      log: (line) => console.log(line),
    });
    console.log(
      `${topic}${config.CAMPUS_DLQ_SUFFIX}: ${report.replayed} replayed, ${report.stillFailing} still failing, ${report.skipped} replayed before`,
    );
  } finally {
    await dataSource.destroy();
    await pool.end();
    await infrastructure.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dlq: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
