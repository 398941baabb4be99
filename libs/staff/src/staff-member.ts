import {
  invalid,
  notFound,
  ruleBroken,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '@continuum/kernel';

/** The engagement office's teams; a staff member belongs to at least one. */
export const teams = [
  'corporate-relations',
  'advancement',
  'careers',
  'research',
  'data-stewardship',
  'workforce',
  'curriculum',
  'tech-transfer',
] as const;
export type Team = (typeof teams)[number];

export const isTeam = (value: string): value is Team => (teams as readonly string[]).includes(value);

export const staffRefusals = {
  notFound: 'staff-not-found',
  alreadyRegistered: 'staff-already-registered',
  alreadyDeactivated: 'staff-already-deactivated',
  deactivated: 'staff-deactivated',
  unknownTeam: 'unknown-team',
  noTeams: 'staff-teams-required',
  nameRequired: 'staff-name-required',
  invalidEmail: 'invalid-email',
  selfManaged: 'staff-cannot-manage-self',
} as const;

export interface StaffMemberRegisteredData {
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  readonly teams: readonly Team[];
  readonly managerId?: string;
}

export interface StaffTeamsChangedData {
  readonly staffId: string;
  readonly teams: readonly Team[];
  readonly previousTeams: readonly Team[];
}

export interface StaffManagerAssignedData {
  readonly staffId: string;
  readonly managerId: string;
  readonly previousManagerId?: string;
}

export interface StaffMemberDeactivatedData {
  readonly staffId: string;
  /** ISO 8601 timestamp */
  readonly deactivatedAt: string;
  readonly reason?: string;
}

export type StaffMemberRegistered = DomainEvent<'StaffMemberRegistered', StaffMemberRegisteredData>;
export type StaffTeamsChanged = DomainEvent<'StaffTeamsChanged', StaffTeamsChangedData>;
export type StaffManagerAssigned = DomainEvent<'StaffManagerAssigned', StaffManagerAssignedData>;
export type StaffMemberDeactivated = DomainEvent<'StaffMemberDeactivated', StaffMemberDeactivatedData>;
export type StaffMemberEvent =
  StaffMemberRegistered | StaffTeamsChanged | StaffManagerAssigned | StaffMemberDeactivated;

export const staffMemberEventTypes = [
  'StaffMemberRegistered',
  'StaffTeamsChanged',
  'StaffManagerAssigned',
  'StaffMemberDeactivated',
] as const satisfies readonly StaffMemberEvent['type'][];

export type RegisterStaffMember = DomainCommand<
  'RegisterStaffMember',
  {
    readonly staffId: string;
    readonly name: string;
    readonly email: string;
    readonly teams: readonly string[];
    readonly managerId?: string;
  }
>;
export type ChangeTeams = DomainCommand<
  'ChangeTeams',
  { readonly staffId: string; readonly teams: readonly string[] }
>;
export type AssignManager = DomainCommand<
  'AssignManager',
  { readonly staffId: string; readonly managerId: string }
>;
export type DeactivateStaffMember = DomainCommand<
  'DeactivateStaffMember',
  { readonly staffId: string; readonly deactivatedAt: string; readonly reason?: string }
>;
export type StaffMemberCommand = RegisterStaffMember | ChangeTeams | AssignManager | DeactivateStaffMember;

export interface StaffMember {
  readonly status: 'active' | 'deactivated';
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  readonly teams: readonly Team[];
  readonly managerId?: string;
  readonly deactivatedAt?: string;
  readonly deactivationReason?: string;
}

export type StaffMemberState = { readonly status: 'unregistered' } | StaffMember;

export const staffMemberStream = (staffId: string): string => `staff-${staffId}`;

const initialState = (): StaffMemberState => ({ status: 'unregistered' });

const decide = (command: StaffMemberCommand, state: StaffMemberState): StaffMemberEvent[] => {
  if (command.type === 'RegisterStaffMember') return register(command, state);
  const { staffId } = command.data;
  if (state.status === 'unregistered')
    throw notFound(staffRefusals.notFound, `Staff member ${staffId} is not registered`);
  if (state.status === 'deactivated')
    throw command.type === 'DeactivateStaffMember'
      ? ruleBroken(staffRefusals.alreadyDeactivated, `Staff member ${staffId} is already deactivated`)
      : ruleBroken(staffRefusals.deactivated, `Staff member ${staffId} is deactivated`);
  switch (command.type) {
    case 'ChangeTeams': {
      const changed = teamsFrom(command.data.teams);
      if (sameTeams(changed, state.teams)) return [];
      return [{ type: 'StaffTeamsChanged', data: { staffId, teams: changed, previousTeams: state.teams } }];
    }
    case 'AssignManager': {
      const { managerId } = command.data;
      refuseSelfManagement(staffId, managerId);
      if (managerId === state.managerId) return [];
      return [
        {
          type: 'StaffManagerAssigned',
          data: {
            staffId,
            managerId,
            ...(state.managerId === undefined ? {} : { previousManagerId: state.managerId }),
          },
        },
      ];
    }
    case 'DeactivateStaffMember': {
      const { deactivatedAt, reason } = command.data;
      return [
        {
          type: 'StaffMemberDeactivated',
          data: { staffId, deactivatedAt, ...(reason === undefined ? {} : { reason }) },
        },
      ];
    }
  }
};

function register(command: RegisterStaffMember, state: StaffMemberState): StaffMemberEvent[] {
  const { staffId, name, email, managerId } = command.data;
  // A deactivated member is refused as such: re-registering is no way to bring them back.
  if (state.status === 'deactivated')
    throw ruleBroken(staffRefusals.deactivated, `Staff member ${staffId} is deactivated`);
  if (state.status === 'active')
    throw ruleBroken(staffRefusals.alreadyRegistered, `Staff member ${staffId} is already registered`);
  if (name.trim() === '') throw invalid(staffRefusals.nameRequired, 'A staff member needs a name');
  if (managerId !== undefined) refuseSelfManagement(staffId, managerId);
  return [
    {
      type: 'StaffMemberRegistered',
      data: {
        staffId,
        name: name.trim(),
        email: emailFrom(email),
        teams: teamsFrom(command.data.teams),
        ...(managerId === undefined ? {} : { managerId }),
      },
    },
  ];
}

const evolve = (state: StaffMemberState, event: StaffMemberEvent): StaffMemberState => {
  if (event.type === 'StaffMemberRegistered') return { status: 'active', ...event.data };
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'StaffTeamsChanged':
      return { ...state, teams: event.data.teams };
    case 'StaffManagerAssigned':
      return { ...state, managerId: event.data.managerId };
    case 'StaffMemberDeactivated':
      return {
        ...state,
        status: 'deactivated',
        deactivatedAt: event.data.deactivatedAt,
        ...(event.data.reason === undefined ? {} : { deactivationReason: event.data.reason }),
      };
  }
};

export const staffMemberDecider: Decider<StaffMemberCommand, StaffMemberEvent, StaffMemberState> = {
  decide,
  evolve,
  initialState,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

function emailFrom(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised))
    throw invalid(staffRefusals.invalidEmail, `"${email}" is not an email address`);
  return normalised;
}

/** Deduplicated and in the canonical order of `teams`, so the same set always reads the same. */
function teamsFrom(requested: readonly string[]): Team[] {
  const unknown = requested.filter((team) => !isTeam(team));
  if (unknown.length > 0)
    throw invalid(staffRefusals.unknownTeam, `Unknown team(s): ${unknown.join(', ')}`, { unknown });
  if (requested.length === 0)
    throw invalid(staffRefusals.noTeams, 'A staff member belongs to at least one team');
  return teams.filter((team) => requested.includes(team));
}

const sameTeams = (a: readonly Team[], b: readonly Team[]): boolean =>
  a.length === b.length && a.every((team) => b.includes(team));

function refuseSelfManagement(staffId: string, managerId: string): void {
  if (managerId === staffId)
    throw ruleBroken(staffRefusals.selfManaged, `Staff member ${staffId} cannot be their own manager`);
}
