import type { RecordedEvent } from '@continuum/event-store';
import { BatchWriter, type BatchTable, type Projection, type ProjectionScope } from '@continuum/projections';
import type { StaffMemberEvent } from '../staff-member';

const TABLE = 'staff_directory';

const directory: BatchTable = {
  name: TABLE,
  key: ['staff_id'],
  columns: {
    staff_id: 'text',
    name: 'text',
    email: 'text',
    teams: 'text[]',
    manager_id: 'text',
    active: 'boolean',
    revision: 'integer',
  },
};

/** `apply` as batch writes. */
function writeStaff(writer: BatchWriter, recorded: RecordedEvent): void {
  const event = { type: recorded.type, data: recorded.data } as StaffMemberEvent;
  const key = { staff_id: event.data.staffId };
  const revision = recorded.revision;
  switch (event.type) {
    case 'StaffMemberRegistered': {
      const { name, email, teams, managerId } = event.data;
      writer.insert(directory, {
        ...key,
        name,
        email,
        teams,
        manager_id: managerId ?? null,
        active: true,
        revision,
      });
      return;
    }
    case 'StaffTeamsChanged':
      writer.update(directory, key, { teams: event.data.teams, revision });
      return;
    case 'StaffManagerAssigned':
      writer.update(directory, key, { manager_id: event.data.managerId, revision });
      return;
    case 'StaffMemberDeactivated':
      writer.update(directory, key, { active: false, revision });
      return;
  }
}

export const STAFF_DIRECTORY_PROJECTION = 'staff-directory';

/** Who works in the office, their teams and manager: the staff directory and the assignment rules read it. */
export const staffDirectoryProjection: Projection = {
  name: STAFF_DIRECTORY_PROJECTION,
  tables: [TABLE],
  filter: { streamCategories: ['staff'] },

  async setup({ manager, table }: ProjectionScope) {
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(TABLE)} (
      staff_id text PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL,
      teams text[] NOT NULL,
      manager_id text,
      active boolean NOT NULL,
      revision integer NOT NULL)`);
    await manager.query(`CREATE INDEX IF NOT EXISTS ${TABLE}_teams ON ${table(TABLE)} USING gin (teams)`);
  },

  async apply({ manager, table }: ProjectionScope, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as StaffMemberEvent;
    const where = [event.data.staffId, recorded.revision];
    switch (event.type) {
      case 'StaffMemberRegistered':
        await manager.query(
          `INSERT INTO ${table(TABLE)} (staff_id, name, email, teams, manager_id, active, revision)
           VALUES ($1, $3, $4, $5, $6, true, $2) ON CONFLICT (staff_id) DO NOTHING`,
          [...where, event.data.name, event.data.email, event.data.teams, event.data.managerId ?? null],
        );
        return;
      case 'StaffTeamsChanged':
        await manager.query(`UPDATE ${table(TABLE)} SET teams = $3, revision = $2 WHERE staff_id = $1`, [
          ...where,
          event.data.teams,
        ]);
        return;
      case 'StaffManagerAssigned':
        await manager.query(`UPDATE ${table(TABLE)} SET manager_id = $3, revision = $2 WHERE staff_id = $1`, [
          ...where,
          event.data.managerId,
        ]);
        return;
      case 'StaffMemberDeactivated':
        await manager.query(
          `UPDATE ${table(TABLE)} SET active = false, revision = $2 WHERE staff_id = $1`,
          where,
        );
        return;
    }
  },

  async applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]) {
    const writer = new BatchWriter(scope);
    for (const recorded of events) writeStaff(writer, recorded);
    await writer.flush();
  },
};
