import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The campus inbox (one row per (source, id) ever accepted) and the dead letters of the Kafka consumer. */
export class CampusIntegration1764403200000 implements MigrationInterface {
  name = 'CampusIntegration1764403200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS campus_integration`);
    await runner.query(`CREATE TABLE campus_integration.inbox (
      source text NOT NULL,
      event_id text NOT NULL,
      content_hash text NOT NULL,
      event_type text NOT NULL,
      status text NOT NULL CHECK (status IN ('applied', 'dead-lettered')),
      partner_id text,
      received_at timestamptz NOT NULL DEFAULT now(),
      applied_at timestamptz,
      PRIMARY KEY (source, event_id))`);
    await runner.query(`CREATE TABLE campus_integration.dead_letters (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      "partition" integer NOT NULL,
      "offset" bigint NOT NULL,
      message_key text,
      reason text NOT NULL,
      message text NOT NULL,
      dlq_topic text NOT NULL,
      dlq_partition integer,
      dlq_offset bigint,
      event_source text,
      event_id text,
      event_type text,
      dead_lettered_at timestamptz NOT NULL DEFAULT now(),
      replayed boolean NOT NULL DEFAULT false,
      replayed_at timestamptz,
      UNIQUE (topic, "partition", "offset"))`);
    await runner.query(
      `CREATE INDEX dead_letters_by_topic ON campus_integration.dead_letters (topic, reason, id)`,
    );
    await runner.query(
      `CREATE INDEX dead_letters_by_dlq ON campus_integration.dead_letters (dlq_topic, dlq_partition, dlq_offset)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA campus_integration CASCADE`);
  }
}
