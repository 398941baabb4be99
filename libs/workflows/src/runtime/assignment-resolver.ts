import type { TaskAssignee } from '@continuum/tasks';
import type { Pool } from 'pg';
import type { AssignmentRule } from '../playbook';

/** Turns a playbook's assignment rule into a person or a team queue, at dispatch time. */
export interface AssignmentResolver {
  resolve(rule: AssignmentRule): Promise<TaskAssignee>;
}

interface StaffRow {
  staff_id: string;
  manager_id: string | null;
  active: boolean;
}

/**
 * Resolves through the read models: partner 360 (owner, executive sponsor; a merged partner counts as
 * the partner it was merged into), the staff directory (manager, active) and the task inbox (load).
 */
export class ReadModelAssignmentResolver implements AssignmentResolver {
  constructor(private readonly pool: Pool) {}

  async resolve(rule: AssignmentRule): Promise<TaskAssignee> {
    const person = 'team' in rule ? undefined : await this.holderOf(rule);
    if (person) return { staffId: person };
    const team = 'team' in rule ? rule.team : rule.fallbackTeam;
    const member = await this.leastLoadedMemberOf(team);
    return member ? { staffId: member } : { team };
  }

  /** The active staff member holding the role, if any. */
  private async holderOf(rule: Exclude<AssignmentRule, { team: string }>): Promise<string | undefined> {
    switch (rule.role) {
      case 'staff':
        return this.activeStaff(rule.staffId);
      case 'manager-of':
        return this.activeManagerOf(rule.staffId);
      case 'owner':
        return this.activeStaff((await this.partnerRoles(rule.partnerId)).owner);
      case 'executive-sponsor':
        return this.activeStaff((await this.partnerRoles(rule.partnerId)).sponsor);
      case 'owners-manager':
        return this.activeManagerOf((await this.partnerRoles(rule.partnerId)).owner);
      case 'sponsor-or-owners-manager': {
        const roles = await this.partnerRoles(rule.partnerId);
        return (await this.activeStaff(roles.sponsor)) ?? (await this.activeManagerOf(roles.owner));
      }
    }
  }

  private async partnerRoles(partnerId: string): Promise<{ owner?: string; sponsor?: string }> {
    const { rows } = await this.pool.query<{ owner_id: string | null; sponsor_id: string | null }>({
      name: 'assignment-partner-roles',
      text: `SELECT owner_id, sponsor_id FROM read_models.partner_profiles
       WHERE partner_id = COALESCE((SELECT root_id FROM read_models.partner_aliases WHERE partner_id = $1), $1)`,
      values: [partnerId],
    });
    const row = rows[0];
    return { owner: row?.owner_id ?? undefined, sponsor: row?.sponsor_id ?? undefined };
  }

  private async staff(staffId: string | undefined): Promise<StaffRow | undefined> {
    if (!staffId) return undefined;
    const { rows } = await this.pool.query<StaffRow>({
      name: 'assignment-staff',
      text: 'SELECT staff_id, manager_id, active FROM read_models.staff_directory WHERE staff_id = $1',
      values: [staffId],
    });
    return rows[0];
  }

  private async activeStaff(staffId: string | undefined): Promise<string | undefined> {
    const row = await this.staff(staffId);
    return row?.active ? row.staff_id : undefined;
  }

  private async activeManagerOf(staffId: string | undefined): Promise<string | undefined> {
    const row = await this.staff(staffId);
    return this.activeStaff(row?.manager_id ?? undefined);
  }

  /** Fewest open or in-progress tasks in the inbox; ties go to the lowest staff id, so the choice is stable. */
  private async leastLoadedMemberOf(team: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ staff_id: string }>({
      name: 'assignment-least-loaded',
      text: `SELECT s.staff_id FROM read_models.staff_directory s
       LEFT JOIN LATERAL (
         SELECT count(*) AS open FROM read_models.task_inbox t
         WHERE t.assignee_staff_id = s.staff_id AND t.status IN ('open', 'in-progress')) load ON true
       WHERE s.active AND $1 = ANY(s.teams)
       ORDER BY load.open, s.staff_id LIMIT 1`,
      values: [team],
    });
    return rows[0]?.staff_id;
  }
}
