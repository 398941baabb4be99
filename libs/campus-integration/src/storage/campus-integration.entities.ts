import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CampusIntegration1764403200000 } from './campus-integration.migration';

@Entity({ name: 'inbox', schema: 'campus_integration', synchronize: false })
export class CampusInboxRow {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'text' })
  status!: 'applied' | 'dead-lettered';

  @Column({ name: 'partner_id', type: 'text', nullable: true })
  partnerId!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;
}

@Entity({ name: 'dead_letters', schema: 'campus_integration', synchronize: false })
export class DeadLetterRow {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'integer' })
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  @Column({ name: 'message_key', type: 'text', nullable: true })
  messageKey!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'dlq_topic', type: 'text' })
  dlqTopic!: string;

  @Column({ name: 'dlq_partition', type: 'integer', nullable: true })
  dlqPartition!: number | null;

  @Column({ name: 'dlq_offset', type: 'bigint', nullable: true })
  dlqOffset!: string | null;

  @Column({ name: 'event_source', type: 'text', nullable: true })
  eventSource!: string | null;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType!: string | null;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz' })
  deadLetteredAt!: Date;

  @Column({ type: 'boolean' })
  replayed!: boolean;

  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true })
  replayedAt!: Date | null;
}

/** For the process's DataSource (apps/api/src/app.module.ts `databaseSchemas`). */
export const campusIntegrationSchema = {
  entities: [CampusInboxRow, DeadLetterRow],
  migrations: [CampusIntegration1764403200000],
};
