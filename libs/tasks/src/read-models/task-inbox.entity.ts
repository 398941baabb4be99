import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read side of the task inbox: the view over the projection's active generation. */
@Entity({ name: 'task_inbox', schema: 'read_models', synchronize: false })
export class TaskInboxEntry {
  @PrimaryColumn({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ name: 'partner_id', type: 'text' })
  partnerId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  status!: 'open' | 'in-progress' | 'completed' | 'cancelled';

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'assignee_staff_id', type: 'text', nullable: true })
  assigneeStaffId!: string | null;

  @Column({ name: 'assignee_team', type: 'text', nullable: true })
  assigneeTeam!: string | null;

  @Column({ name: 'origin_playbook', type: 'text', nullable: true })
  originPlaybook!: string | null;

  @Column({ name: 'origin_created_by', type: 'text', nullable: true })
  originCreatedBy!: string | null;

  @Column({ type: 'integer' })
  escalations!: number;

  @Column({ name: 'last_escalated_to', type: 'text', nullable: true })
  lastEscalatedTo!: string | null;

  @Column({ name: 'last_escalated_at', type: 'timestamptz', nullable: true })
  lastEscalatedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'integer' })
  revision!: number;
}
