import { anEvent, playbookSpecification, timerFired } from '../testing';
import { overdueTaskPlaybook } from './overdue-task.playbook';

const given = playbookSpecification(overdueTaskPlaybook);
const dueAt = '2026-03-09T17:00:00Z';

const created = (assignee: Record<string, string> = { staffId: 'staff-1' }) =>
  anEvent(
    'TaskCreated',
    {
      taskId: 'task-1',
      partnerId: 'partner-1',
      kind: 'k',
      title: 'T',
      dueAt,
      assignee,
      origin: { createdBy: 'x' },
      createdAt: '2026-03-02T09:00:00Z',
    },
    { id: 'event-created', occurredAt: '2026-03-02T09:00:00Z' },
  );
const assigned = (staffId: string, assignedAt: string) =>
  anEvent(
    'TaskAssigned',
    { taskId: 'task-1', partnerId: 'partner-1', staffId, assignedAt },
    { id: `event-assigned-${staffId}`, occurredAt: assignedAt },
  );
const reassigned = (from: Record<string, string>, to: Record<string, string>, reassignedAt: string) =>
  anEvent(
    'TaskReassigned',
    { taskId: 'task-1', partnerId: 'partner-1', from, to, reassignedAt },
    { id: `event-reassigned-${reassignedAt}`, occurredAt: reassignedAt },
  );
const closed = (type: 'TaskCompleted' | 'TaskCancelled') =>
  anEvent(
    type,
    { taskId: 'task-1', partnerId: 'partner-1' },
    { id: `event-${type}`, occurredAt: '2026-03-10T09:00:00Z' },
  );

const schedule = (at: string) =>
  ({ type: 'ScheduleTimer', key: 'escalation', dueAt: at, payload: { taskId: 'task-1' } }) as const;
const fired = timerFired('escalation', '2026-03-11T17:00:00.000Z', { taskId: 'task-1' });
const reason = 'Still open 48 hours after it was due (2026-03-09T17:00:00Z); it stays with its assignee.';

describe('overdue-task playbook', () => {
  it('keys an instance per task', () =>
    expect(overdueTaskPlaybook.instanceOf(created().event)).toBe('task-1'));

  it('schedules the escalation exactly 48 hours after the due time', () =>
    given([])
      .when(created())
      .then([schedule('2026-03-11T17:00:00.000Z')]));

  it("escalates to the assignee's manager, and the task stays with its assignee", () =>
    given([created(), assigned('staff-1', '2026-03-02T09:00:00Z')])
      .when(fired)
      .then([
        {
          type: 'EscalateTask',
          taskId: 'task-1',
          to: { role: 'manager-of', staffId: 'staff-1', fallbackTeam: 'corporate-relations' },
          reason,
        },
      ]));

  it('brings a task still waiting in a team queue to that team', () =>
    given([created({ team: 'advancement' })])
      .when(fired)
      .then([{ type: 'EscalateTask', taskId: 'task-1', to: { team: 'advancement' }, reason }]));

  it('cancels the escalation when the task is completed or cancelled', () => {
    given([created()])
      .when(closed('TaskCompleted'))
      .then([{ type: 'CancelTimer', key: 'escalation' }]);
    given([created()])
      .when(closed('TaskCancelled'))
      .then([{ type: 'CancelTimer', key: 'escalation' }]);
    given([created(), closed('TaskCompleted')])
      .when(fired)
      .thenNothing();
  });

  it('leaves the escalation time as it was when a reassignment comes before the due time', () =>
    given([created()])
      .when(reassigned({ staffId: 'staff-1' }, { staffId: 'staff-2' }, '2026-03-05T09:00:00Z'))
      .then([schedule('2026-03-11T17:00:00.000Z')]));

  it('gives a new assignee of an overdue task the same grace from the reassignment', () =>
    given([created()])
      .when(reassigned({ staffId: 'staff-1' }, { staffId: 'staff-2' }, '2026-03-11T09:00:00Z'))
      .then([schedule('2026-03-13T09:00:00.000Z')]));

  it('moves the timer when someone takes the task from the team queue late', () =>
    given([created({ team: 'advancement' })])
      .when(assigned('staff-3', '2026-03-10T12:00:00Z'))
      .then([schedule('2026-03-12T12:00:00.000Z')]));

  it('ignores the assignment told at creation (same holder)', () =>
    given([created()]).when(assigned('staff-1', '2026-03-02T09:00:00Z')).thenNothing());

  it('escalates once per assignee even if the timer fires twice, and again for a new assignee', () => {
    given([created(), fired]).when(fired).thenNothing();
    const late = timerFired('escalation', '2026-03-14T09:00:00.000Z', { taskId: 'task-1' });
    given([
      created(),
      fired,
      reassigned({ staffId: 'staff-1' }, { staffId: 'staff-2' }, '2026-03-12T09:00:00Z'),
    ])
      .when(late)
      .then([
        {
          type: 'EscalateTask',
          taskId: 'task-1',
          to: { role: 'manager-of', staffId: 'staff-2', fallbackTeam: 'corporate-relations' },
          reason,
        },
      ]);
  });

  it('decides the same from the same state, and nothing new when the creation is redelivered', () => {
    expect(given([]).when(created()).decision()).toEqual(given([]).when(created()).decision());
    given([created()]).when(created()).thenNothing();
  });
});
