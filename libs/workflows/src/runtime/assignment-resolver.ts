import type { TaskAssignee } from '@continuum/tasks';
import type { Pool } from 'pg';
import type { AssignmentRule } from '../playbook';
import {
  holderOf,
  partnersNamedBy,
  staffNamedBy,
  TeamLoads,
  teamOf,
  type PartnerRoles,
  type StaffStanding,
  type TeamMemberLoad,
} from './assignment-choice';

/** Turns playbooks' assignment rules into people or team queues, at dispatch time. */
export interface AssignmentResolver {
  /**
   * One answer per rule, in the same order. The rules are resolved together: tasks for one team spread
   * over its members by load, as if given one after the other.
   */
  resolveAll(rules: readonly AssignmentRule[]): Promise<TaskAssignee[]>;
}

/**
 * Resolves through the read models: partner 360 (owner, executive sponsor; a merged partner counts as
 * the partner it was merged into), the staff directory (manager, active) and the task inbox (load).
 * At most three queries per call, however many rules: partner roles, staff, team loads.
 */
export class ReadModelAssignmentResolver implements AssignmentResolver {
  constructor(private readonly pool: Pool) {}

  async resolveAll(rules: readonly AssignmentRule[]): Promise<TaskAssignee[]> {
    const partners = await this.partnerRoles(partnersNamedBy(rules));
    const staff = await this.staffStandings(staffNamedBy(rules, partners));
    const holders = rules.map((rule) => holderOf(rule, { partners, staff }));
    const teamsToAsk = new Set(rules.filter((_, index) => holders[index] === undefined).map(teamOf));
    const loads = await this.teamLoads([...teamsToAsk]);
    return rules.map((rule, index) => {
      const staffId = holders[index] ?? loads.assignIn(teamOf(rule));
      return staffId === undefined ? { team: teamOf(rule) } : { staffId };
    });
  }

  private async partnerRoles(partnerIds: readonly string[]): Promise<Map<string, PartnerRoles>> {
    if (partnerIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      partner_id: string;
      owner_id: string | null;
      sponsor_id: string | null;
    }>({
      name: 'assignment-partner-roles-batch',
      text: `SELECT asked.partner_id, p.owner_id, p.sponsor_id
       FROM unnest($1::text[]) AS asked(partner_id)
       LEFT JOIN read_models.partner_aliases a ON a.partner_id = asked.partner_id
       JOIN read_models.partner_profiles p ON p.partner_id = COALESCE(a.root_id, asked.partner_id)`,
      values: [partnerIds],
    });
    return new Map(
      rows.map((row) => [
        row.partner_id,
        { owner: row.owner_id ?? undefined, sponsor: row.sponsor_id ?? undefined },
      ]),
    );
  }

  /** Each person with their manager's standing joined in: one lookup covers "manager-of" too. */
  private async staffStandings(staffIds: readonly string[]): Promise<Map<string, StaffStanding>> {
    if (staffIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      staff_id: string;
      active: boolean;
      active_manager: string | null;
    }>({
      name: 'assignment-staff-batch',
      text: `SELECT s.staff_id, s.active, CASE WHEN m.active THEN m.staff_id END AS active_manager
         FROM read_models.staff_directory s
         LEFT JOIN read_models.staff_directory m ON m.staff_id = s.manager_id
         WHERE s.staff_id = ANY($1::text[])`,
      values: [staffIds],
    });
    return new Map(
      rows.map((row) => [
        row.staff_id,
        { active: row.active, activeManager: row.active_manager ?? undefined },
      ]),
    );
  }

  /** Active members of each team with their open or in-progress tasks, lowest staff id first. */
  private async teamLoads(teams: readonly string[]): Promise<TeamLoads> {
    if (teams.length === 0) return new TeamLoads([]);
    const { rows } = await this.pool.query<{ team: string; staff_id: string; open_tasks: number }>({
      name: 'assignment-team-loads',
      text: `SELECT asked.team, s.staff_id, load.open_tasks
       FROM unnest($1::text[]) AS asked(team)
       JOIN read_models.staff_directory s ON s.active AND asked.team = ANY(s.teams)
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS open_tasks FROM read_models.task_inbox t
         WHERE t.assignee_staff_id = s.staff_id AND t.status IN ('open', 'in-progress')) load ON true
       ORDER BY s.staff_id, asked.team`,
      values: [teams],
    });
    return new TeamLoads(
      rows.map((row): TeamMemberLoad => ({
        team: row.team,
        staffId: row.staff_id,
        openTasks: row.open_tasks,
      })),
    );
  }
}
