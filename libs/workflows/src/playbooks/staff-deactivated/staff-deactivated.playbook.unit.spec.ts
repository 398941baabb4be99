import { anEvent, playbookSpecification, type CreateTaskAction } from '../testing';
import { staffDeactivatedPlaybook } from './staff-deactivated.playbook';

const given = playbookSpecification(staffDeactivatedPlaybook);

const owns = (partnerId: string, staffId: string, previousStaffId?: string) =>
  anEvent(
    'RelationshipOwnerAssigned',
    { partnerId, staffId, ...(previousStaffId === undefined ? {} : { previousStaffId }) },
    { id: `event-owner-${partnerId}-${staffId}`, occurredAt: '2026-01-01T00:00:00Z' },
  );
const deactivated = anEvent(
  'StaffMemberDeactivated',
  { staffId: 'staff-1', deactivatedAt: '2026-03-02T17:00:00Z', reason: 'Left the university' },
  { id: 'event-deactivated', occurredAt: '2026-03-02T17:00:00Z' },
);

const newOwner = (partnerId: string): CreateTaskAction => ({
  type: 'CreateTask',
  cause: `event-deactivated/${partnerId}`,
  partnerId,
  kind: 'assign-relationship-owner',
  title: 'Assign a new relationship owner',
  description:
    'Staff member staff-1 owned this relationship and was deactivated (Left the university). Their open tasks were handed over; name a new owner.',
  dueAt: '2026-03-09T17:00:00.000Z',
  assignTo: { role: 'manager-of', staffId: 'staff-1', fallbackTeam: 'corporate-relations' },
});

describe('staff-deactivated playbook', () => {
  it('keeps ownership in a single instance, since a move concerns two people', () => {
    expect(staffDeactivatedPlaybook.instanceOf(owns('p-1', 'staff-1').event)).toBe('relationship-owners');
    expect(staffDeactivatedPlaybook.instanceOf(deactivated.event)).toBe('relationship-owners');
  });

  it("asks the departed owner's manager to name a new owner for each partner they owned", () =>
    given([owns('p-2', 'staff-1'), owns('p-1', 'staff-1'), owns('p-3', 'staff-9')])
      .when(deactivated)
      .then([newOwner('p-1'), newOwner('p-2')]));

  it('leaves out partners whose ownership moved to someone else, or that were merged away', () =>
    given([
      owns('p-1', 'staff-1'),
      owns('p-2', 'staff-1'),
      owns('p-2', 'staff-9', 'staff-1'),
      anEvent(
        'PartnerMergedInto',
        { partnerId: 'p-1', survivorId: 'p-3' },
        { id: 'event-merge', occurredAt: '2026-02-01T00:00:00Z' },
      ),
    ])
      .when(deactivated)
      .thenNothing());

  it('creates nothing for a member who owned no partner', () =>
    given([owns('p-1', 'staff-9')])
      .when(deactivated)
      .thenNothing());

  it('gives the same tasks (same causes, so the same task ids) when the event is replayed', () =>
    expect(
      given([owns('p-1', 'staff-1')])
        .when(deactivated)
        .decision(),
    ).toEqual(
      given([owns('p-1', 'staff-1'), deactivated])
        .when(deactivated)
        .decision(),
    ));
});
