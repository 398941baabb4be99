import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  isTeam,
  staffMemberDecider,
  staffMemberEventTypes,
  staffMemberStream,
  staffRefusals,
  teams,
  type AssignManager,
  type ChangeTeams,
  type DeactivateStaffMember,
  type RegisterStaffMember,
  type StaffManagerAssigned,
  type StaffMemberDeactivated,
  type StaffMemberRegistered,
  type StaffTeamsChanged,
} from './staff-member';

const given = specificationFor(staffMemberDecider);

const register: RegisterStaffMember = {
  type: 'RegisterStaffMember',
  data: {
    staffId: 'staff-7',
    name: ' Ada Lovelace ',
    email: 'Ada.Lovelace@University.edu ',
    teams: ['research', 'corporate-relations', 'research'],
    managerId: 'staff-1',
  },
};

const registered: StaffMemberRegistered = {
  type: 'StaffMemberRegistered',
  data: {
    staffId: 'staff-7',
    name: 'Ada Lovelace',
    email: 'ada.lovelace@university.edu',
    teams: ['corporate-relations', 'research'],
    managerId: 'staff-1',
  },
};

const registering = (data: Partial<RegisterStaffMember['data']>): RegisterStaffMember => ({
  ...register,
  data: { ...register.data, ...data },
});

const changeTeams = (...requested: string[]): ChangeTeams => ({
  type: 'ChangeTeams',
  data: { staffId: 'staff-7', teams: requested },
});

const teamsChanged: StaffTeamsChanged = {
  type: 'StaffTeamsChanged',
  data: {
    staffId: 'staff-7',
    teams: ['advancement', 'careers'],
    previousTeams: ['corporate-relations', 'research'],
  },
};

const assignManager = (managerId: string): AssignManager => ({
  type: 'AssignManager',
  data: { staffId: 'staff-7', managerId },
});

const managerAssigned: StaffManagerAssigned = {
  type: 'StaffManagerAssigned',
  data: { staffId: 'staff-7', managerId: 'staff-2', previousManagerId: 'staff-1' },
};

const deactivate: DeactivateStaffMember = {
  type: 'DeactivateStaffMember',
  data: { staffId: 'staff-7', deactivatedAt: '2026-06-30T17:00:00Z', reason: 'left the university' },
};

const deactivated: StaffMemberDeactivated = {
  type: 'StaffMemberDeactivated',
  data: { staffId: 'staff-7', deactivatedAt: '2026-06-30T17:00:00Z', reason: 'left the university' },
};

describe('StaffMember', () => {
  it('names its stream staff-<staffId>, lists its event types and knows the teams', () => {
    expect(staffMemberStream('staff-7')).toBe('staff-staff-7');
    expect(staffMemberEventTypes).toEqual([
      'StaffMemberRegistered',
      'StaffTeamsChanged',
      'StaffManagerAssigned',
      'StaffMemberDeactivated',
    ]);
    expect(teams).toHaveLength(8);
    expect(isTeam('tech-transfer')).toBe(true);
    expect(isTeam('marketing')).toBe(false);
  });

  describe('RegisterStaffMember', () => {
    it('registers a member with a trimmed name, a lower-case email and a deduplicated team set', () =>
      given([]).when(register).then([registered]));

    it('registers a member without a manager', () => {
      const { managerId: _managerId, ...withoutManager } = registered.data;
      given([])
        .when(registering({ managerId: undefined }))
        .then([{ type: 'StaffMemberRegistered', data: withoutManager }]);
    });

    it('refuses to register the same member twice, even with identical data', () =>
      given([registered]).when(register).thenThrows(staffRefusals.alreadyRegistered));

    it('refuses to register a deactivated member again', () =>
      given([registered, deactivated]).when(register).thenThrows(staffRefusals.deactivated));

    it('refuses an unknown team', () =>
      given([])
        .when(registering({ teams: ['research', 'marketing'] }))
        .thenThrows(staffRefusals.unknownTeam));

    it('refuses a member without any team', () =>
      given([])
        .when(registering({ teams: [] }))
        .thenThrows(staffRefusals.noTeams));

    it('refuses an email address that is not shaped like one', () => {
      for (const email of ['ada', 'ada@university', 'ada lovelace@university.edu', '@university.edu'])
        given([]).when(registering({ email })).thenThrows(staffRefusals.invalidEmail);
    });

    it('refuses a blank name', () =>
      given([])
        .when(registering({ name: '  ' }))
        .thenThrows(staffRefusals.nameRequired));

    it('refuses a member who would be their own manager', () =>
      given([])
        .when(registering({ managerId: 'staff-7' }))
        .thenThrows(staffRefusals.selfManaged));
  });

  describe('ChangeTeams', () => {
    it('changes the teams to a new set', () =>
      given([registered]).when(changeTeams('careers', 'advancement')).then([teamsChanged]));

    it('records nothing when the set is the same, whatever the order or repetition', () =>
      given([registered])
        .when(changeTeams('research', 'corporate-relations', 'research'))
        .then([]));

    it('refuses an unknown team', () =>
      given([registered]).when(changeTeams('careers', 'alumni')).thenThrows(staffRefusals.unknownTeam));

    it('refuses an empty set of teams', () =>
      given([registered]).when(changeTeams()).thenThrows(staffRefusals.noTeams));

    it('refuses to change the teams of an unknown member', () =>
      given([]).when(changeTeams('careers')).thenThrows(staffRefusals.notFound));

    it('refuses to change the teams of a deactivated member', () =>
      given([registered, deactivated]).when(changeTeams('careers')).thenThrows(staffRefusals.deactivated));
  });

  describe('AssignManager', () => {
    it('assigns a new manager and remembers the previous one', () =>
      given([registered]).when(assignManager('staff-2')).then([managerAssigned]));

    it('assigns a first manager', () => {
      const { managerId: _managerId, ...withoutManager } = registered.data;
      given([{ type: 'StaffMemberRegistered', data: withoutManager }])
        .when(assignManager('staff-2'))
        .then([{ type: 'StaffManagerAssigned', data: { staffId: 'staff-7', managerId: 'staff-2' } }]);
    });

    it('records nothing when the manager is already the one assigned', () =>
      given([registered]).when(assignManager('staff-1')).then([]));

    it('refuses to make a member their own manager', () =>
      given([registered]).when(assignManager('staff-7')).thenThrows(staffRefusals.selfManaged));

    it('refuses to assign a manager to an unknown member', () =>
      given([]).when(assignManager('staff-2')).thenThrows(staffRefusals.notFound));

    it('refuses to assign a manager to a deactivated member', () =>
      given([registered, deactivated]).when(assignManager('staff-2')).thenThrows(staffRefusals.deactivated));
  });

  describe('DeactivateStaffMember', () => {
    it('deactivates an active member with a reason', () =>
      given([registered]).when(deactivate).then([deactivated]));

    it('deactivates an active member without a reason', () =>
      given([registered])
        .when({
          type: 'DeactivateStaffMember',
          data: { staffId: 'staff-7', deactivatedAt: '2026-06-30T17:00:00Z' },
        })
        .then([
          {
            type: 'StaffMemberDeactivated',
            data: { staffId: 'staff-7', deactivatedAt: '2026-06-30T17:00:00Z' },
          },
        ]));

    it('refuses to deactivate a member twice', () =>
      given([registered, deactivated]).when(deactivate).thenThrows(staffRefusals.alreadyDeactivated));

    it('refuses to deactivate an unknown member', () =>
      given([]).when(deactivate).thenThrows(staffRefusals.notFound));
  });

  describe('evolve', () => {
    it('folds a history into the member as it stands now', () => {
      expect(fold(staffMemberDecider, [registered, teamsChanged, managerAssigned, deactivated])).toEqual({
        status: 'deactivated',
        staffId: 'staff-7',
        name: 'Ada Lovelace',
        email: 'ada.lovelace@university.edu',
        teams: ['advancement', 'careers'],
        managerId: 'staff-2',
        deactivatedAt: '2026-06-30T17:00:00Z',
        deactivationReason: 'left the university',
      });
    });

    it('starts unregistered', () => {
      expect(fold(staffMemberDecider, [])).toEqual({ status: 'unregistered' });
    });
  });
});
