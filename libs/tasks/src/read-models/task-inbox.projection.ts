import type { RecordedEvent } from '@continuum/event-store';
import {
  add,
  BatchWriter,
  type BatchTable,
  type ColumnChange,
  type Projection,
  type ProjectionScope,
} from '@continuum/projections';
import { isStaffAssignee, type TaskAssignee, type TaskEvent } from '../task.events';

export const TASK_INBOX_PROJECTION = 'task-inbox';
const TABLE = 'task_inbox';

const assigneeColumns = (assignee: TaskAssignee): [string | null, string | null] =>
  isStaffAssignee(assignee) ? [assignee.staffId, null] : [null, assignee.team];

const inbox: BatchTable = {
  name: TABLE,
  key: ['task_id'],
  columns: {
    task_id: 'text',
    partner_id: 'text',
    kind: 'text',
    title: 'text',
    status: 'text',
    due_at: 'timestamptz',
    assignee_staff_id: 'text',
    assignee_team: 'text',
    origin_playbook: 'text',
    origin_created_by: 'text',
    escalations: 'integer',
    last_escalated_to: 'text',
    last_escalated_at: 'timestamptz',
    created_at: 'timestamptz',
    assigned_at: 'timestamptz',
    started_at: 'timestamptz',
    completed_at: 'timestamptz',
    cancelled_at: 'timestamptz',
    updated_at: 'timestamptz',
    revision: 'integer',
  },
  // As `apply` stores it: the cursor's ISO timestamp finds the row exactly.
  insertAs: { due_at: (column) => `date_trunc('milliseconds', ${column})` },
};

/** `apply` as batch writes: the same rows and changes, folded into a few statements. */
function writeTask(writer: BatchWriter, recorded: RecordedEvent): void {
  const event = { type: recorded.type, data: recorded.data } as TaskEvent;
  const key = { task_id: event.data.taskId };
  const update = (changes: Record<string, ColumnChange>): void =>
    writer.update(inbox, key, { ...changes, revision: recorded.revision });
  switch (event.type) {
    case 'TaskCreated': {
      const { data } = event;
      const [staffId, team] = assigneeColumns(data.assignee);
      writer.insert(inbox, {
        ...key,
        revision: recorded.revision,
        partner_id: data.partnerId,
        kind: data.kind,
        title: data.title,
        status: 'open',
        due_at: data.dueAt,
        assignee_staff_id: staffId,
        assignee_team: team,
        origin_playbook: 'playbook' in data.origin ? data.origin.playbook : null,
        origin_created_by: 'createdBy' in data.origin ? data.origin.createdBy : null,
        created_at: data.createdAt,
        updated_at: data.createdAt,
        escalations: 0,
      });
      return;
    }
    case 'TaskAssigned': {
      const { staffId, assignedAt } = event.data;
      update({
        assignee_staff_id: staffId,
        assignee_team: null,
        assigned_at: assignedAt,
        updated_at: assignedAt,
      });
      return;
    }
    case 'TaskReassigned': {
      const { to, reassignedAt } = event.data;
      if (isStaffAssignee(to))
        update({ assignee_staff_id: to.staffId, assignee_team: null, updated_at: reassignedAt });
      else
        update({
          assignee_staff_id: null,
          assignee_team: to.team,
          assigned_at: null,
          status: 'open',
          updated_at: reassignedAt,
        });
      return;
    }
    case 'TaskStarted':
      update({ status: 'in-progress', started_at: event.data.startedAt, updated_at: event.data.startedAt });
      return;
    case 'TaskCompleted':
      update({
        status: 'completed',
        completed_at: event.data.completedAt,
        updated_at: event.data.completedAt,
      });
      return;
    case 'TaskCancelled':
      update({
        status: 'cancelled',
        cancelled_at: event.data.cancelledAt,
        updated_at: event.data.cancelledAt,
      });
      return;
    case 'TaskEscalated':
      update({
        escalations: add(1),
        last_escalated_to: event.data.toStaffId,
        last_escalated_at: event.data.escalatedAt,
        updated_at: event.data.escalatedAt,
      });
      return;
  }
}

/**
 * Every task with its assignee, status and escalations, sorted by due time for the inbox. Overdue
 * is not stored: it depends on the reader's clock.
 */
export const taskInboxProjection: Projection = {
  name: TASK_INBOX_PROJECTION,
  tables: [TABLE],
  filter: { streamCategories: ['task'] },

  async setup({ manager, table }: ProjectionScope) {
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(TABLE)} (
      task_id text PRIMARY KEY,
      partner_id text NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      status text NOT NULL,
      due_at timestamptz NOT NULL,
      assignee_staff_id text,
      assignee_team text,
      origin_playbook text,
      origin_created_by text,
      escalations integer NOT NULL DEFAULT 0,
      last_escalated_to text,
      last_escalated_at timestamptz,
      created_at timestamptz NOT NULL,
      assigned_at timestamptz,
      started_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      updated_at timestamptz NOT NULL,
      revision integer NOT NULL)`);
    await manager.query(`CREATE INDEX IF NOT EXISTS ${TABLE}_due ON ${table(TABLE)} (due_at, task_id)`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${TABLE}_staff ON ${table(TABLE)} (assignee_staff_id, due_at, task_id)`,
    );
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${TABLE}_team ON ${table(TABLE)} (assignee_team, due_at, task_id)`,
    );
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${TABLE}_partner ON ${table(TABLE)} (partner_id, due_at, task_id)`,
    );
  },

  async apply({ manager, table }: ProjectionScope, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as TaskEvent;
    const at = [event.data.taskId, recorded.revision];
    const update = (set: string, values: readonly unknown[]): Promise<unknown> =>
      manager.query(`UPDATE ${table(TABLE)} SET ${set}, revision = $2 WHERE task_id = $1`, [
        ...at,
        ...values,
      ]);
    switch (event.type) {
      case 'TaskCreated': {
        const { data } = event;
        const origin = data.origin;
        // Due times keep millisecond precision, so the cursor's ISO timestamp finds the row exactly.
        await manager.query(
          `INSERT INTO ${table(TABLE)} (task_id, revision, partner_id, kind, title, status, due_at,
             assignee_staff_id, assignee_team, origin_playbook, origin_created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'open', date_trunc('milliseconds', $6::timestamptz),
             $7, $8, $9, $10, $11, $11) ON CONFLICT (task_id) DO NOTHING`,
          [
            ...at,
            data.partnerId,
            data.kind,
            data.title,
            data.dueAt,
            ...assigneeColumns(data.assignee),
            'playbook' in origin ? origin.playbook : null,
            'createdBy' in origin ? origin.createdBy : null,
            data.createdAt,
          ],
        );
        return;
      }
      case 'TaskAssigned':
        await update('assignee_staff_id = $3, assignee_team = NULL, assigned_at = $4, updated_at = $4', [
          event.data.staffId,
          event.data.assignedAt,
        ]);
        return;
      case 'TaskReassigned': {
        const { to, reassignedAt } = event.data;
        if (isStaffAssignee(to)) {
          await update('assignee_staff_id = $3, assignee_team = NULL, updated_at = $4', [
            to.staffId,
            reassignedAt,
          ]);
          return;
        }
        // Back in a team queue nobody holds it, so nobody is working on it either.
        await update(
          `assignee_staff_id = NULL, assignee_team = $3, assigned_at = NULL, status = 'open', updated_at = $4`,
          [to.team, reassignedAt],
        );
        return;
      }
      case 'TaskStarted':
        await update(`status = 'in-progress', started_at = $3, updated_at = $3`, [event.data.startedAt]);
        return;
      case 'TaskCompleted':
        await update(`status = 'completed', completed_at = $3, updated_at = $3`, [event.data.completedAt]);
        return;
      case 'TaskCancelled':
        await update(`status = 'cancelled', cancelled_at = $3, updated_at = $3`, [event.data.cancelledAt]);
        return;
      case 'TaskEscalated':
        await update(
          `escalations = escalations + 1, last_escalated_to = $3, last_escalated_at = $4, updated_at = $4`,
          [event.data.toStaffId, event.data.escalatedAt],
        );
        return;
    }
  },

  async applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]) {
    const writer = new BatchWriter(scope);
    for (const recorded of events) writeTask(writer, recorded);
    await writer.flush();
  },
};
