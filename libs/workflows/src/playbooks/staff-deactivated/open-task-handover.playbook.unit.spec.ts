import { anEvent, playbookSpecification } from '../testing';
import { openTaskHandoverPlaybook } from './open-task-handover.playbook';

const given = playbookSpecification(openTaskHandoverPlaybook);
const at = { occurredAt: '2026-03-01T09:00:00Z' };

const registered = anEvent(
  'StaffMemberRegistered',
  { staffId: 'staff-1', name: 'Sam', email: 'sam@uni.edu', teams: ['advancement', 'careers'] },
  { id: 'event-registered', ...at },
);
const assigned = (taskId: string, partnerId: string, staffId = 'staff-1') =>
  anEvent(
    'TaskAssigned',
    { taskId, partnerId, staffId },
    { id: `event-assigned-${taskId}-${staffId}`, ...at },
  );
const created = (taskId: string, partnerId: string) =>
  anEvent(
    'TaskCreated',
    { taskId, partnerId, assignee: { staffId: 'staff-1' } },
    { id: `event-created-${taskId}`, ...at },
  );
const completed = (taskId: string, by: string) =>
  anEvent(
    'TaskCompleted',
    { taskId, partnerId: 'p', completedBy: by },
    { id: `event-completed-${taskId}`, ...at },
  );
const reassignedAway = (taskId: string) =>
  anEvent(
    'TaskReassigned',
    { taskId, partnerId: 'p', from: { staffId: 'staff-1' }, to: { staffId: 'staff-2' } },
    { id: `event-reassigned-${taskId}`, ...at },
  );
const deactivated = anEvent(
  'StaffMemberDeactivated',
  { staffId: 'staff-1', deactivatedAt: '2026-03-02T17:00:00Z' },
  { id: 'event-deactivated', occurredAt: '2026-03-02T17:00:00Z' },
);

const handOver = (taskId: string, partnerId: string, fallbackTeam = 'advancement') => ({
  type: 'ReassignTask' as const,
  taskId,
  to: { role: 'owner' as const, partnerId, fallbackTeam },
  reason: 'Handed over: staff-1 was deactivated',
});

describe('open-task-handover playbook', () => {
  it('routes task events to the person they concern', () => {
    expect(openTaskHandoverPlaybook.instanceOf(created('t-1', 'p-1').event)).toBe('staff-1');
    expect(openTaskHandoverPlaybook.instanceOf(reassignedAway('t-1').event)).toBe('staff-1');
    expect(openTaskHandoverPlaybook.instanceOf(completed('t-1', 'staff-4').event)).toBe('staff-4');
    expect(
      openTaskHandoverPlaybook.instanceOf(completed('t-1', 'workflow:gift-received').event),
    ).toBeUndefined();
    const queued = anEvent('TaskCreated', { taskId: 't', assignee: { team: 'careers' } }, { id: 'q', ...at });
    expect(openTaskHandoverPlaybook.instanceOf(queued.event)).toBeUndefined();
  });

  it("hands a deactivated member's open tasks to each partner's owner, their own team as fallback", () =>
    given([registered, created('t-2', 'p-2'), assigned('t-2', 'p-2'), assigned('t-1', 'p-1')])
      .when(deactivated)
      .then([handOver('t-1', 'p-1'), handOver('t-2', 'p-2')]));

  it('does not hand over tasks they completed or that were reassigned away', () =>
    given([
      registered,
      assigned('t-1', 'p-1'),
      assigned('t-2', 'p-2'),
      completed('t-1', 'staff-1'),
      reassignedAway('t-2'),
    ])
      .when(deactivated)
      .thenNothing());

  it('falls back to the configured team for a member with no known team', () =>
    given([assigned('t-1', 'p-1')])
      .when(deactivated)
      .then([handOver('t-1', 'p-1', 'corporate-relations')]));

  it('hands over at once a task assigned to the member after they left', () =>
    given([registered, deactivated])
      .when(assigned('t-9', 'p-9'))
      .then([handOver('t-9', 'p-9')]));

  it('hands over once when the deactivation is redelivered', () =>
    given([registered, assigned('t-1', 'p-1'), deactivated])
      .when(deactivated)
      .thenNothing());

  it('decides the same from the same state', () =>
    expect(
      given([registered, assigned('t-1', 'p-1')])
        .when(deactivated)
        .decision(),
    ).toEqual(
      given([registered, assigned('t-1', 'p-1')])
        .when(deactivated)
        .decision(),
    ));
});
