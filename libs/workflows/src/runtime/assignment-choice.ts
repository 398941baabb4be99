import type { AssignmentRule } from '../playbook';

/**
 * The in-memory half of assignment: given what the read models say about the partners, staff and
 * teams a batch of rules names, who gets each task. `ReadModelAssignmentResolver` loads those facts.
 */

export interface PartnerRoles {
  readonly owner?: string;
  readonly sponsor?: string;
}

/** A staff member as assignment sees them: active or not, and their manager if that one is active. */
export interface StaffStanding {
  readonly active: boolean;
  readonly activeManager?: string;
}

export interface AssignmentFacts {
  /** By the partner id the rule names (a merged partner maps to the roles of the one it was merged into). */
  readonly partners: ReadonlyMap<string, PartnerRoles>;
  readonly staff: ReadonlyMap<string, StaffStanding>;
}

/** One candidate a rule asks for: a staff member, or a staff member's manager. */
type Candidate = { readonly staffId: string | undefined } | { readonly managerOf: string | undefined };

/** A rule's candidates in order of preference; a team rule has none. */
function candidatesOf(rule: AssignmentRule, partners: AssignmentFacts['partners']): Candidate[] {
  if ('team' in rule) return [];
  const roles = 'partnerId' in rule ? (partners.get(rule.partnerId) ?? {}) : {};
  switch (rule.role) {
    case 'staff':
      return [{ staffId: rule.staffId }];
    case 'manager-of':
      return [{ managerOf: rule.staffId }];
    case 'owner':
      return [{ staffId: roles.owner }];
    case 'executive-sponsor':
      return [{ staffId: roles.sponsor }];
    case 'owners-manager':
      return [{ managerOf: roles.owner }];
    case 'sponsor-or-owners-manager':
      return [{ staffId: roles.sponsor }, { managerOf: roles.owner }];
  }
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

export const teamOf = (rule: AssignmentRule): string => ('team' in rule ? rule.team : rule.fallbackTeam);

/** Partner ids whose owner and sponsor the rules need. */
export const partnersNamedBy = (rules: readonly AssignmentRule[]): string[] =>
  unique(rules.flatMap((rule) => ('partnerId' in rule ? [rule.partnerId] : [])));

/** Staff ids whose standing the rules need, once the partners' roles are known. */
export const staffNamedBy = (
  rules: readonly AssignmentRule[],
  partners: AssignmentFacts['partners'],
): string[] =>
  unique(
    rules.flatMap((rule) =>
      candidatesOf(rule, partners).flatMap((candidate) => {
        const staffId = 'staffId' in candidate ? candidate.staffId : candidate.managerOf;
        return staffId === undefined ? [] : [staffId];
      }),
    ),
  );

/** The active staff member a candidate stands for, if any. */
function activeHolder(candidate: Candidate, staff: AssignmentFacts['staff']): string | undefined {
  if ('managerOf' in candidate)
    return candidate.managerOf === undefined ? undefined : staff.get(candidate.managerOf)?.activeManager;
  const { staffId } = candidate;
  return staffId !== undefined && staff.get(staffId)?.active ? staffId : undefined;
}

/** The first active staff member the rule asks for, if any (inactive people are skipped). */
export const holderOf = (rule: AssignmentRule, facts: AssignmentFacts): string | undefined =>
  candidatesOf(rule, facts.partners)
    .map((candidate) => activeHolder(candidate, facts.staff))
    .find((holder) => holder !== undefined);

export interface TeamMemberLoad {
  readonly team: string;
  readonly staffId: string;
  readonly openTasks: number;
}

/**
 * Active team members and their open tasks. Giving a task to a member counts it, so a batch's tasks for
 * one team spread over its members; a member of several teams has one count.
 */
export class TeamLoads {
  private readonly openTasks = new Map<string, number>();
  private readonly members = new Map<string, string[]>();

  /** `rows` in the order ties are broken (lowest staff id first). */
  constructor(rows: readonly TeamMemberLoad[]) {
    for (const row of rows) {
      this.openTasks.set(row.staffId, row.openTasks);
      const members = this.members.get(row.team) ?? [];
      members.push(row.staffId);
      this.members.set(row.team, members);
    }
  }

  /** The member with the fewest open tasks (ties to the earlier one), now one task busier; none if empty. */
  assignIn(team: string): string | undefined {
    let chosen: string | undefined;
    for (const staffId of this.members.get(team) ?? [])
      if (chosen === undefined || this.load(staffId) < this.load(chosen)) chosen = staffId;
    if (chosen !== undefined) this.openTasks.set(chosen, this.load(chosen) + 1);
    return chosen;
  }

  private load(staffId: string): number {
    return this.openTasks.get(staffId) ?? 0;
  }
}
