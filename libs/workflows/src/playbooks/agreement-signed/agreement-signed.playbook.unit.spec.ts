import { taskIdFor } from '@continuum/tasks';
import type { WorkflowAction } from '../../playbook';
import { anEvent, firing, playbookSpecification, run, type CreateTaskAction } from '../testing';
import { agreementSignedPlaybook } from './agreement-signed.playbook';

const given = playbookSpecification(agreementSignedPlaybook);
const signedAt = '2026-03-02T10:00:00Z';
const owner = { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'research' } as const;

const signed = (endDate?: string, id = 'event-signed', agreementId = 'agr-1', at = signedAt) =>
  anEvent(
    'AgreementSigned',
    {
      agreementId,
      partnerId: 'partner-1',
      kind: 'SPONSORED_RESEARCH',
      title: 'Battery ageing',
      effectiveDate: '2026-03-01',
      ...(endDate === undefined ? {} : { endDate }),
      principalInvestigator: { id: 'pi-1', name: 'Dr Ada Lee', department: 'Chemistry' },
    },
    { id, occurredAt: at },
  );

const careers = (at: string) =>
  anEvent(
    'InternPlaced',
    { placementId: 'pl-1', partnerId: 'partner-1' },
    { id: `event-intern-${at}`, occurredAt: at },
  );

const kickOff: CreateTaskAction = {
  type: 'CreateTask',
  cause: 'event-signed',
  partnerId: 'partner-1',
  kind: 'agreement-kick-off',
  title: 'Kick-off with the PI and the company',
  description:
    '"Battery ageing" (SPONSORED_RESEARCH) was signed, effective 2026-03-01 until 2027-06-30. PI: Dr Ada Lee (Chemistry).',
  dueAt: '2026-03-16T10:00:00.000Z',
  assignTo: owner,
};

const careersIntroduction: CreateTaskAction = {
  type: 'CreateTask',
  cause: 'event-signed/careers-introduction',
  partnerId: 'partner-1',
  kind: 'careers-introduction',
  title: 'Introduce to career services',
  description:
    'A research partner ("Battery ageing") with no recruiting or placement activity in the last 12 months: introduce them to career services.',
  dueAt: '2026-04-01T10:00:00.000Z',
  assignTo: { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'careers' },
};

const timers: WorkflowAction[] = [
  {
    type: 'ScheduleTimer',
    key: 'renewal:agr-1',
    dueAt: '2027-04-01T00:00:00.000Z',
    payload: { agreementId: 'agr-1' },
  },
  {
    type: 'ScheduleTimer',
    key: 'renewal-reminder-60:agr-1',
    dueAt: '2027-05-01T00:00:00.000Z',
    payload: { agreementId: 'agr-1', days: 60 },
  },
  {
    type: 'ScheduleTimer',
    key: 'renewal-reminder-30:agr-1',
    dueAt: '2027-05-31T00:00:00.000Z',
    payload: { agreementId: 'agr-1', days: 30 },
  },
];

const signing = signed('2027-06-30');
const renewalFired = firing(run(agreementSignedPlaybook, [signing]).actions, 'renewal:agr-1');
const reminder60 = firing(run(agreementSignedPlaybook, [signing]).actions, 'renewal-reminder-60:agr-1');
const reminder30 = firing(run(agreementSignedPlaybook, [signing]).actions, 'renewal-reminder-30:agr-1');
const renewalTaskId = taskIdFor('agreement-signed', renewalFired.timerId);
const reminderTaskId = taskIdFor('agreement-signed', reminder60.timerId);
const kickOffTaskId = taskIdFor('agreement-signed', 'event-signed');

const taskEvent = (type: 'TaskCompleted' | 'TaskCancelled', taskId: string, id: string) =>
  anEvent(type, { taskId, partnerId: 'partner-1' }, { id, occurredAt: '2027-05-10T09:00:00Z' });

const amended = (endDate: string, at: string) =>
  anEvent(
    'AgreementAmended',
    { agreementId: 'agr-1', partnerId: 'partner-1', endDate, amendedOn: at.slice(0, 10) },
    { id: `event-amended-${endDate}`, occurredAt: at },
  );

describe('agreement-signed playbook', () => {
  it('keys instances by partner, so careers activity and task closures meet the agreements', () => {
    expect(agreementSignedPlaybook.instanceOf(signing.event)).toBe('partner-1');
    expect(agreementSignedPlaybook.instanceOf(careers(signedAt).event)).toBe('partner-1');
  });

  it('asks for a kick-off within 14 days, schedules renewal at 90 days and reminders at 60 and 30', () =>
    given([])
      .when(signing)
      .then([kickOff, ...timers, careersIntroduction]));

  it('schedules no renewal for an open-ended agreement', () =>
    given([])
      .when(signed())
      .then([
        {
          ...kickOff,
          description:
            '"Battery ageing" (SPONSORED_RESEARCH) was signed, effective 2026-03-01, open-ended. PI: Dr Ada Lee (Chemistry).',
        },
        careersIntroduction,
      ]));

  it('starts the renewal at once and skips passed reminders when signed close to the end', () =>
    expect(
      given([careers('2026-01-01T00:00:00Z')])
        .when(signed('2026-04-16'))
        .decision()
        .actions.filter((action) => action.type === 'ScheduleTimer'),
    ).toEqual([
      {
        type: 'ScheduleTimer',
        key: 'renewal:agr-1',
        dueAt: '2026-03-02T10:00:00.000Z',
        payload: { agreementId: 'agr-1' },
      },
      {
        type: 'ScheduleTimer',
        key: 'renewal-reminder-30:agr-1',
        dueAt: '2026-03-17T00:00:00.000Z',
        payload: { agreementId: 'agr-1', days: 30 },
      },
    ]));

  it('does not introduce a partner with recruiting or placement activity in the last 12 months', () =>
    given([careers('2025-03-02T10:00:00Z')])
      .when(signing)
      .then([kickOff, ...timers]));

  it('introduces a partner whose last careers activity is older than 12 months', () =>
    given([careers('2025-03-02T09:59:59Z')])
      .when(signing)
      .then([kickOff, ...timers, careersIntroduction]));

  it('introduces a partner to career services once per 12 months, not per agreement', () =>
    given([signing])
      .when(signed('2027-12-31', 'event-signed-2', 'agr-2', '2026-05-02T10:00:00Z'))
      .decision()
      .actions.forEach((action) => expect(action).not.toMatchObject({ kind: 'careers-introduction' })));

  it('creates "Discuss renewal" when its timer fires, due on the end date', () =>
    given([signing])
      .when(renewalFired)
      .then([
        {
          type: 'CreateTask',
          cause: renewalFired.timerId,
          partnerId: 'partner-1',
          kind: 'discuss-renewal',
          title: 'Discuss renewal',
          description:
            '"Battery ageing" ends on 2027-06-30. Talk with the company and the PI about renewing it.',
          dueAt: '2027-06-30T00:00:00.000Z',
          assignTo: owner,
        },
      ]));

  it('nudges with a reminder task while the renewal is open', () =>
    given([signing, renewalFired])
      .when(reminder60)
      .then([
        {
          type: 'CreateTask',
          cause: reminder60.timerId,
          partnerId: 'partner-1',
          kind: 'renewal-reminder',
          title: 'Renewal reminder: 60 days left',
          description:
            '"Discuss renewal" is still open and "Battery ageing" ends on 2027-06-30. This reminder closes by itself when the renewal task does.',
          dueAt: '2027-05-08T00:00:00.000Z',
          assignTo: owner,
        },
      ]));

  it('sends no reminder once the renewal task is completed, and stops the remaining timers', () => {
    const completed = taskEvent('TaskCompleted', renewalTaskId, 'event-done');
    given([signing, renewalFired, reminder60])
      .when(completed)
      .then([
        { type: 'CancelTimer', key: 'renewal-reminder-30:agr-1' },
        { type: 'CancelTask', taskId: reminderTaskId, reason: 'The renewal task was closed' },
      ]);
    given([signing, renewalFired, reminder60, completed]).when(reminder30).thenNothing();
  });

  it('sends each reminder once even if its timer fires twice', () =>
    given([signing, renewalFired, reminder60]).when(reminder60).thenNothing());

  it('cancels timers and open tasks when the agreement is terminated', () => {
    const terminated = anEvent(
      'AgreementTerminated',
      { agreementId: 'agr-1', partnerId: 'partner-1', reason: 'Funding cut', terminatedOn: '2027-04-10' },
      { id: 'event-terminated', occurredAt: '2027-04-10T12:00:00Z' },
    );
    const reason = 'Agreement terminated on 2027-04-10: Funding cut';
    given([signing, renewalFired])
      .when(terminated)
      .then([
        { type: 'CancelTimer', key: 'renewal:agr-1' },
        { type: 'CancelTimer', key: 'renewal-reminder-60:agr-1' },
        { type: 'CancelTimer', key: 'renewal-reminder-30:agr-1' },
        { type: 'CancelTask', taskId: kickOffTaskId, reason },
        { type: 'CancelTask', taskId: renewalTaskId, reason },
      ]);
    given([signing, renewalFired, terminated]).when(reminder60).thenNothing();
  });

  it('leaves a kick-off that was already done alone on termination', () => {
    const terminated = anEvent(
      'AgreementTerminated',
      { agreementId: 'agr-1', partnerId: 'partner-1', reason: 'Funding cut', terminatedOn: '2026-06-10' },
      { id: 'event-terminated', occurredAt: '2026-06-10T12:00:00Z' },
    );
    expect(
      given([signing, taskEvent('TaskCompleted', kickOffTaskId, 'event-kicked-off')])
        .when(terminated)
        .decision()
        .actions.filter((action) => action.type === 'CancelTask'),
    ).toEqual([]);
  });

  it('moves the renewal timers when an amendment moves the end date before the renewal starts', () =>
    given([signing])
      .when(amended('2027-12-31', '2026-09-01T08:00:00Z'))
      .then([
        {
          type: 'ScheduleTimer',
          key: 'renewal:agr-1',
          dueAt: '2027-10-02T00:00:00.000Z',
          payload: { agreementId: 'agr-1' },
        },
        {
          type: 'ScheduleTimer',
          key: 'renewal-reminder-60:agr-1',
          dueAt: '2027-11-01T00:00:00.000Z',
          payload: { agreementId: 'agr-1', days: 60 },
        },
        {
          type: 'ScheduleTimer',
          key: 'renewal-reminder-30:agr-1',
          dueAt: '2027-12-01T00:00:00.000Z',
          payload: { agreementId: 'agr-1', days: 30 },
        },
      ]));

  it('settles an open renewal when an amendment extends the agreement, and starts a fresh cycle', () =>
    given([signing, renewalFired, reminder60])
      .when(amended('2029-06-30', '2027-05-10T09:00:00Z'))
      .then([
        {
          type: 'CompleteTask',
          taskId: renewalTaskId,
          outcome: 'Extended to 2029-06-30 by the amendment of 2027-05-10',
        },
        { type: 'CancelTask', taskId: reminderTaskId, reason: 'The agreement now ends on 2029-06-30' },
        {
          type: 'ScheduleTimer',
          key: 'renewal:agr-1',
          dueAt: '2029-04-01T00:00:00.000Z',
          payload: { agreementId: 'agr-1' },
        },
        {
          type: 'ScheduleTimer',
          key: 'renewal-reminder-60:agr-1',
          dueAt: '2029-05-01T00:00:00.000Z',
          payload: { agreementId: 'agr-1', days: 60 },
        },
        {
          type: 'ScheduleTimer',
          key: 'renewal-reminder-30:agr-1',
          dueAt: '2029-05-31T00:00:00.000Z',
          payload: { agreementId: 'agr-1', days: 30 },
        },
      ]));

  it('moves only the reminders still to come when the end is brought forward during the renewal', () =>
    given([signing, renewalFired, reminder60])
      .when(amended('2027-06-20', '2027-05-10T09:00:00Z'))
      .then([
        { type: 'CancelTimer', key: 'renewal-reminder-60:agr-1' },
        {
          type: 'ScheduleTimer',
          key: 'renewal-reminder-30:agr-1',
          dueAt: '2027-05-21T00:00:00.000Z',
          payload: { agreementId: 'agr-1', days: 30 },
        },
      ]));

  it('ignores an amendment that does not touch the end date', () =>
    given([signing])
      .when(
        anEvent(
          'AgreementAmended',
          { agreementId: 'agr-1', partnerId: 'partner-1', note: 'New co-PI', amendedOn: '2026-05-01' },
          { id: 'event-note', occurredAt: '2026-05-01T09:00:00Z' },
        ),
      )
      .thenNothing());

  it('decides the same from the same state, and nothing new when the signing is redelivered', () => {
    expect(given([]).when(signing).decision()).toEqual(given([]).when(signing).decision());
    given([signing]).when(signing).thenNothing();
  });
});
