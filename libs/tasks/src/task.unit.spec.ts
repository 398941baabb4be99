import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import type {
  AssignTask,
  CancelTask,
  CompleteTask,
  CreateTask,
  EscalateTask,
  ReassignTask,
  StartTask,
  TaskCommand,
} from './task.commands';
import {
  taskEventTypes,
  type TaskAssigned,
  type TaskCancelled,
  type TaskCompleted,
  type TaskCreated,
  type TaskEscalated,
  type TaskEvent,
  type TaskReassigned,
  type TaskStarted,
} from './task.events';
import { isOverdue, taskDecider, taskIdFor, taskStream } from './task';
import { taskRefusals } from './task.rules';

const given = specificationFor(taskDecider);

const taskId = 'task-1';
const partnerId = 'partner-1';
const dueAt = '2026-03-09T17:00:00Z';
const fromPlaybook = { playbook: 'gift-acknowledgement', causationEventId: 'event-42' };

const create: CreateTask = {
  type: 'CreateTask',
  data: {
    taskId,
    partnerId,
    kind: 'acknowledge-gift',
    title: ' Thank Acme for the robotics gift ',
    description: 'Letter from the dean within a week',
    dueAt,
    assignee: { team: 'advancement' },
    origin: fromPlaybook,
    now: '2026-03-02T09:00:00Z',
  },
};

const creating = (data: Partial<CreateTask['data']>): CreateTask => ({
  ...create,
  data: { ...create.data, ...data },
});

const created: TaskCreated = {
  type: 'TaskCreated',
  data: {
    taskId,
    partnerId,
    kind: 'acknowledge-gift',
    title: 'Thank Acme for the robotics gift',
    description: 'Letter from the dean within a week',
    dueAt,
    assignee: { team: 'advancement' },
    origin: fromPlaybook,
    createdAt: '2026-03-02T09:00:00Z',
  },
};

const createdFor = (staffId: string): TaskCreated => ({
  type: 'TaskCreated',
  data: { ...created.data, assignee: { staffId } },
});

const assignedTo = (staffId: string, assignedBy: string, assignedAt: string): TaskAssigned => ({
  type: 'TaskAssigned',
  data: {
    taskId,
    partnerId,
    staffId,
    assignedBy,
    assignedAt,
    kind: 'acknowledge-gift',
    title: 'Thank Acme for the robotics gift',
    dueAt,
  },
});

const assign: AssignTask = {
  type: 'AssignTask',
  data: { taskId, staffId: 'staff-7', by: 'staff-7', now: '2026-03-02T10:00:00Z' },
};
const assigned = assignedTo('staff-7', 'staff-7', '2026-03-02T10:00:00Z');

const reassignTo = (to: { toStaffId: string } | { toTeam: string }): ReassignTask => ({
  type: 'ReassignTask',
  data: { taskId, ...to, by: 'staff-1', reason: 'on leave', now: '2026-03-03T09:00:00Z' },
});

const reassignedTo = (
  from: { staffId: string } | { team: string },
  to: { staffId: string } | { team: string },
): TaskReassigned => ({
  type: 'TaskReassigned',
  data: {
    taskId,
    partnerId,
    from,
    to,
    reassignedBy: 'staff-1',
    reassignedAt: '2026-03-03T09:00:00Z',
    reason: 'on leave',
  },
});

const start: StartTask = { type: 'StartTask', data: { taskId, by: 'staff-7', now: '2026-03-02T11:00:00Z' } };
const started: TaskStarted = {
  type: 'TaskStarted',
  data: { taskId, partnerId, startedBy: 'staff-7', startedAt: '2026-03-02T11:00:00Z' },
};

const completing = (outcome: string): CompleteTask => ({
  type: 'CompleteTask',
  data: { taskId, outcome, by: 'staff-7', now: '2026-03-04T15:00:00Z' },
});
const complete = completing(' Letter sent ');
const completed: TaskCompleted = {
  type: 'TaskCompleted',
  data: {
    taskId,
    partnerId,
    outcome: 'Letter sent',
    completedBy: 'staff-7',
    completedAt: '2026-03-04T15:00:00Z',
  },
};

const cancelling = (reason: string): CancelTask => ({
  type: 'CancelTask',
  data: { taskId, reason, by: 'staff-1', now: '2026-03-04T16:00:00Z' },
});
const cancel = cancelling('Gift was returned');
const cancelled: TaskCancelled = {
  type: 'TaskCancelled',
  data: {
    taskId,
    partnerId,
    reason: 'Gift was returned',
    cancelledBy: 'staff-1',
    cancelledAt: '2026-03-04T16:00:00Z',
  },
};

const escalateTo = (toStaffId: string, reason = 'Due date passed'): EscalateTask => ({
  type: 'EscalateTask',
  data: { taskId, toStaffId, reason, now: '2026-03-10T08:00:00Z' },
});
const escalatedTo = (toStaffId: string): TaskEscalated => ({
  type: 'TaskEscalated',
  data: {
    taskId,
    partnerId,
    toStaffId,
    reason: 'Due date passed',
    escalatedAt: '2026-03-10T08:00:00Z',
    assignee: { staffId: 'staff-7' },
    dueAt,
  },
});

const openWithStaff: TaskEvent[] = [created, assigned];
const inProgress: TaskEvent[] = [created, assigned, started];

describe('Task', () => {
  it('names its stream task-<taskId> and lists its event types', () => {
    expect(taskStream('task-1')).toBe('task-task-1');
    expect(taskEventTypes).toEqual([
      'TaskCreated',
      'TaskAssigned',
      'TaskReassigned',
      'TaskStarted',
      'TaskCompleted',
      'TaskCancelled',
      'TaskEscalated',
    ]);
  });

  it('derives one stable UUID per playbook and cause, so a replayed workflow creates no second task', () => {
    const id = taskIdFor('gift-acknowledgement', 'event-42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(taskIdFor('gift-acknowledgement', 'event-42')).toBe(id);
    expect(taskIdFor('gift-acknowledgement', 'event-43')).not.toBe(id);
    expect(taskIdFor('pledge-reminder', 'event-42')).not.toBe(id);
  });

  describe('CreateTask', () => {
    it('creates a task in a team queue without assigning anyone', () =>
      given([]).when(create).then([created]));

    it('creates a task for a person and tells who is assigned, by the playbook that created it', () =>
      given([])
        .when(creating({ assignee: { staffId: 'staff-7' } }))
        .then([
          createdFor('staff-7'),
          assignedTo('staff-7', 'gift-acknowledgement', '2026-03-02T09:00:00Z'),
        ]));

    it('creates a task by hand and names its creator as the one who assigned it', () =>
      given([])
        .when(creating({ assignee: { staffId: 'staff-7' }, origin: { createdBy: 'staff-1' } }))
        .then([
          { type: 'TaskCreated', data: { ...createdFor('staff-7').data, origin: { createdBy: 'staff-1' } } },
          assignedTo('staff-7', 'staff-1', '2026-03-02T09:00:00Z'),
        ]));

    it('leaves out a blank description', () => {
      const { description: _description, ...withoutDescription } = created.data;
      given([])
        .when(creating({ description: '  ' }))
        .then([{ type: 'TaskCreated', data: withoutDescription }]);
    });

    it('records nothing when a playbook replays the same creation, even later and after the task moved on', () =>
      given([created, assigned, started, completed])
        .when(creating({ now: '2026-03-05T09:00:00Z' }))
        .then([]));

    it('refuses to create an existing task with different details', () =>
      given([created])
        .when(creating({ dueAt: '2026-03-10T17:00:00Z' }))
        .thenThrows(taskRefusals.alreadyExists));

    it('refuses to create an existing task from a different cause', () =>
      given([created])
        .when(creating({ origin: { playbook: 'gift-acknowledgement', timerId: 'timer-9' } }))
        .thenThrows(taskRefusals.alreadyExists));

    it('refuses a task without a partner', () =>
      given([])
        .when(creating({ partnerId: ' ' }))
        .thenThrows(taskRefusals.partnerRequired));

    it('refuses a kind that is not a short machine string', () => {
      for (const kind of ['Acknowledge gift', 'acknowledge_gift', '', '-gift', 'a'.repeat(65)])
        given([]).when(creating({ kind })).thenThrows(taskRefusals.invalidKind);
    });

    it('refuses a task without a title', () =>
      given([])
        .when(creating({ title: '' }))
        .thenThrows(taskRefusals.titleRequired));

    it('refuses a due time that is not an ISO 8601 timestamp', () => {
      for (const due of ['2026-03-09', 'next Friday', '2026-13-45T99:00:00Z', '2026-03-09T17:00:00'])
        given([])
          .when(creating({ dueAt: due }))
          .thenThrows(taskRefusals.invalidDueAt);
    });

    it('refuses an assignee that is neither exactly one person nor one team', () => {
      const assignees = [{}, { staffId: '' }, { staffId: 'staff-7', team: 'advancement' }];
      for (const assignee of assignees)
        given([])
          .when(creating({ assignee: assignee as CreateTask['data']['assignee'] }))
          .thenThrows(taskRefusals.invalidAssignee);
    });

    it('refuses an origin that is neither a playbook nor a person', () => {
      const origins = [{}, { playbook: '' }, { playbook: 'gift-acknowledgement', createdBy: 'staff-1' }];
      for (const origin of origins)
        given([])
          .when(creating({ origin: origin as CreateTask['data']['origin'] }))
          .thenThrows(taskRefusals.invalidOrigin);
    });
  });

  describe('AssignTask', () => {
    it('assigns a task waiting in a team queue to a person', () =>
      given([created]).when(assign).then([assigned]));

    it('records nothing when the task is already with that person', () =>
      given(openWithStaff).when(assign).then([]));

    it('refuses to take a task away from another person: that is a reassignment', () =>
      given([createdFor('staff-9'), assignedTo('staff-9', 'gift-acknowledgement', '2026-03-02T09:00:00Z')])
        .when(assign)
        .thenThrows(taskRefusals.alreadyAssigned));

    it('refuses an assignment to nobody', () =>
      given([created])
        .when({ ...assign, data: { ...assign.data, staffId: '' } })
        .thenThrows(taskRefusals.invalidAssignee));

    it('refuses to assign an unknown task', () => given([]).when(assign).thenThrows(taskRefusals.notFound));
  });

  describe('ReassignTask', () => {
    it('hands a task to another person and tells that an assignment happened', () =>
      given(inProgress)
        .when(reassignTo({ toStaffId: 'staff-8' }))
        .then([
          reassignedTo({ staffId: 'staff-7' }, { staffId: 'staff-8' }),
          assignedTo('staff-8', 'staff-1', '2026-03-03T09:00:00Z'),
        ]));

    it('puts a task back into a team queue without assigning anyone', () =>
      given(openWithStaff)
        .when(reassignTo({ toTeam: 'careers' }))
        .then([reassignedTo({ staffId: 'staff-7' }, { team: 'careers' })]));

    it('moves a task from one team queue to a person', () =>
      given([created])
        .when(reassignTo({ toStaffId: 'staff-8' }))
        .then([
          reassignedTo({ team: 'advancement' }, { staffId: 'staff-8' }),
          assignedTo('staff-8', 'staff-1', '2026-03-03T09:00:00Z'),
        ]));

    it('leaves out the reason when none is given', () => {
      const { reason: _reason, ...withoutReason } = reassignTo({ toTeam: 'careers' }).data;
      const { reason: _eventReason, ...eventWithoutReason } = reassignedTo(
        { staffId: 'staff-7' },
        { team: 'careers' },
      ).data;
      given(openWithStaff)
        .when({ type: 'ReassignTask', data: withoutReason })
        .then([{ type: 'TaskReassigned', data: eventWithoutReason }]);
    });

    it('records nothing when the task already sits with that person or team', () => {
      given(openWithStaff)
        .when(reassignTo({ toStaffId: 'staff-7' }))
        .then([]);
      given([created])
        .when(reassignTo({ toTeam: 'advancement' }))
        .then([]);
    });

    it('refuses a target that is not exactly one person or one team', () => {
      const targets = [{}, { toStaffId: 'staff-8', toTeam: 'careers' }, { toTeam: ' ' }];
      for (const target of targets)
        given(openWithStaff)
          .when(reassignTo(target as { toTeam: string }))
          .thenThrows(taskRefusals.invalidAssignee);
    });

    it('refuses to reassign an unknown task', () =>
      given([])
        .when(reassignTo({ toStaffId: 'staff-8' }))
        .thenThrows(taskRefusals.notFound));
  });

  describe('StartTask', () => {
    it('starts a task its assignee holds', () => given(openWithStaff).when(start).then([started]));

    it('records nothing when the task is already in progress', () => given(inProgress).when(start).then([]));

    it('refuses to start a task still waiting in a team queue', () =>
      given([created]).when(start).thenThrows(taskRefusals.unassigned));

    it('refuses to start an unknown task', () => given([]).when(start).thenThrows(taskRefusals.notFound));
  });

  describe('CompleteTask', () => {
    it('completes a task in progress with its outcome', () =>
      given(inProgress).when(complete).then([completed]));

    it('completes a task that was never formally started', () =>
      given(openWithStaff).when(complete).then([completed]));

    it('refuses a completion without an outcome', () =>
      given(inProgress).when(completing('  ')).thenThrows(taskRefusals.outcomeRequired));

    it('refuses to complete a task twice', () =>
      given([...inProgress, completed])
        .when(complete)
        .thenThrows(taskRefusals.alreadyCompleted));

    it('refuses to complete a cancelled task', () =>
      given([created, cancelled]).when(complete).thenThrows(taskRefusals.cancelled));

    it('refuses to complete an unknown task', () =>
      given([]).when(complete).thenThrows(taskRefusals.notFound));
  });

  describe('CancelTask', () => {
    it('cancels an open task with its reason', () => given([created]).when(cancel).then([cancelled]));

    it('cancels a task in progress', () => given(inProgress).when(cancel).then([cancelled]));

    it('records nothing when the task is already cancelled', () =>
      given([created, cancelled]).when(cancel).then([]));

    it('refuses a cancellation without a reason', () =>
      given([created]).when(cancelling('')).thenThrows(taskRefusals.reasonRequired));

    it('refuses to cancel a completed task', () =>
      given([...inProgress, completed])
        .when(cancel)
        .thenThrows(taskRefusals.alreadyCompleted));

    it('refuses to cancel an unknown task', () => given([]).when(cancel).thenThrows(taskRefusals.notFound));
  });

  describe('EscalateTask', () => {
    it('tells a manager about a task, which stays with its assignee', () => {
      given(inProgress)
        .when(escalateTo('staff-1'))
        .then([escalatedTo('staff-1')]);
      const state = fold(taskDecider, [...inProgress, escalatedTo('staff-1')]);
      expect(state).toMatchObject({ status: 'in-progress', assignee: { staffId: 'staff-7' } });
    });

    it('records nothing when the same person was already told', () =>
      given([...inProgress, escalatedTo('staff-1')])
        .when(escalateTo('staff-1', 'Still overdue'))
        .then([]));

    it('escalates further to someone else', () =>
      given([...inProgress, escalatedTo('staff-1')])
        .when(escalateTo('staff-0'))
        .then([escalatedTo('staff-0')]));

    it('refuses an escalation without a reason', () =>
      given(inProgress).when(escalateTo('staff-1', ' ')).thenThrows(taskRefusals.reasonRequired));

    it('refuses an escalation to nobody', () =>
      given(inProgress).when(escalateTo('')).thenThrows(taskRefusals.escalationTargetRequired));

    it('refuses to escalate a closed task', () => {
      given([...inProgress, completed])
        .when(escalateTo('staff-1'))
        .thenThrows(taskRefusals.closed);
      given([created, cancelled]).when(escalateTo('staff-1')).thenThrows(taskRefusals.closed);
    });

    it('refuses to escalate an unknown task', () =>
      given([]).when(escalateTo('staff-1')).thenThrows(taskRefusals.notFound));
  });

  describe('a closed task is never reopened', () => {
    const closedHistories: [string, TaskEvent[]][] = [
      ['completed', [...inProgress, completed]],
      ['cancelled', [...openWithStaff, cancelled]],
    ];
    const reopeners: [string, TaskCommand][] = [
      ['assigning it to its own assignee', assign],
      ['assigning it to someone else', { ...assign, data: { ...assign.data, staffId: 'staff-8' } }],
      ['reassigning it to a person', reassignTo({ toStaffId: 'staff-8' })],
      ['reassigning it to a team', reassignTo({ toTeam: 'careers' })],
      ['starting it', start],
      ['escalating it', escalateTo('staff-1')],
    ];

    for (const [closedAs, history] of closedHistories)
      for (const [attempt, command] of reopeners)
        it(`refuses ${attempt} once it is ${closedAs}`, () =>
          given(history).when(command).thenThrows(taskRefusals.closed));

    it('answers completing and cancelling a closed task by its own rule, never by reopening it', () => {
      given([...inProgress, completed])
        .when(complete)
        .thenThrows(taskRefusals.alreadyCompleted);
      given([...inProgress, completed])
        .when(cancel)
        .thenThrows(taskRefusals.alreadyCompleted);
      given([...openWithStaff, cancelled])
        .when(complete)
        .thenThrows(taskRefusals.cancelled);
      given([...openWithStaff, cancelled])
        .when(cancel)
        .then([]);
    });

    it('lets a replayed creation of a closed task pass with no events', () => {
      given([...inProgress, completed])
        .when(create)
        .then([]);
      given([...openWithStaff, cancelled])
        .when(create)
        .then([]);
    });
  });

  describe('evolve', () => {
    it('folds a history into the task as it stands now', () => {
      expect(fold(taskDecider, [created, assigned, started, escalatedTo('staff-1'), completed])).toEqual({
        status: 'completed',
        taskId,
        partnerId,
        kind: 'acknowledge-gift',
        title: 'Thank Acme for the robotics gift',
        description: 'Letter from the dean within a week',
        dueAt,
        assignee: { staffId: 'staff-7' },
        initialAssignee: { team: 'advancement' },
        origin: fromPlaybook,
        escalations: [
          { toStaffId: 'staff-1', reason: 'Due date passed', escalatedAt: '2026-03-10T08:00:00Z' },
        ],
        completion: { outcome: 'Letter sent', completedBy: 'staff-7', completedAt: '2026-03-04T15:00:00Z' },
        createdAt: '2026-03-02T09:00:00Z',
        assignedAt: '2026-03-02T10:00:00Z',
        startedAt: '2026-03-02T11:00:00Z',
        updatedAt: '2026-03-04T15:00:00Z',
      });
    });

    it('keeps a task in progress when it passes to another person', () => {
      const state = fold(taskDecider, [
        ...inProgress,
        reassignedTo({ staffId: 'staff-7' }, { staffId: 'staff-8' }),
        assignedTo('staff-8', 'staff-1', '2026-03-03T09:00:00Z'),
      ]);
      expect(state).toMatchObject({
        status: 'in-progress',
        assignee: { staffId: 'staff-8' },
        assignedAt: '2026-03-03T09:00:00Z',
      });
    });

    it('reopens the queue, not the work, when a task in progress goes back to a team', () => {
      const state = fold(taskDecider, [
        ...inProgress,
        reassignedTo({ staffId: 'staff-7' }, { team: 'careers' }),
      ]);
      expect(state).toMatchObject({ status: 'open', assignee: { team: 'careers' } });
      expect(state).not.toHaveProperty('assignedAt');
    });

    it('records a cancellation with who and why', () => {
      expect(fold(taskDecider, [created, cancelled])).toMatchObject({
        status: 'cancelled',
        cancellation: {
          reason: 'Gift was returned',
          cancelledBy: 'staff-1',
          cancelledAt: '2026-03-04T16:00:00Z',
        },
      });
    });
  });

  describe('isOverdue', () => {
    const open = fold(taskDecider, openWithStaff);

    it('is overdue once the due time has passed and the task is still open', () => {
      expect(isOverdue(open, '2026-03-09T17:00:01Z')).toBe(true);
      expect(isOverdue(fold(taskDecider, inProgress), '2026-03-10T00:00:00Z')).toBe(true);
    });

    it('is not overdue before or at the due time', () => {
      expect(isOverdue(open, '2026-03-09T16:59:59Z')).toBe(false);
      expect(isOverdue(open, dueAt)).toBe(false);
    });

    it('compares instants, whatever the offset they are written in', () => {
      expect(isOverdue(open, '2026-03-09T18:30:00+02:00')).toBe(false);
      expect(isOverdue(open, '2026-03-09T13:00:00-05:00')).toBe(true);
    });

    it('never counts a closed or unknown task as overdue', () => {
      expect(isOverdue(fold(taskDecider, [...inProgress, completed]), '2026-04-01T00:00:00Z')).toBe(false);
      expect(isOverdue(fold(taskDecider, [created, cancelled]), '2026-04-01T00:00:00Z')).toBe(false);
      expect(isOverdue(fold(taskDecider, []), '2026-04-01T00:00:00Z')).toBe(false);
    });
  });
});
