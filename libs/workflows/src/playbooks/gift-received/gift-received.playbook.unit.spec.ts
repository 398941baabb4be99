import { taskIdFor } from '@continuum/tasks';
import type { WorkflowAction } from '../../playbook';
import { anEvent, firing, playbookSpecification, run, timerFired, type CreateTaskAction } from '../testing';
import { defaultGiftReceivedSettings, giftReceivedPlaybook } from './gift-received.playbook';

const given = playbookSpecification(giftReceivedPlaybook);
const receivedAt = '2026-03-02T10:15:00Z';

const gift = (amount: string, extra: Record<string, unknown> = {}) =>
  anEvent(
    'GiftReceived',
    {
      giftId: 'gift-1',
      partnerId: 'partner-1',
      amount: { amount, currency: 'USD' },
      giftType: 'CASH',
      designation: 'Robotics Lab',
      receivedOn: '2026-03-02',
      ...extra,
    },
    { id: 'event-gift', occurredAt: receivedAt },
  );

const acknowledged = anEvent(
  'GiftAcknowledged',
  {
    giftId: 'gift-1',
    partnerId: 'partner-1',
    acknowledgedBy: 'staff-7',
    acknowledgedAt: '2026-03-03T09:00:00Z',
    channel: 'letter',
  },
  { id: 'event-ack', occurredAt: '2026-03-03T09:00:00Z' },
);

const acknowledgeTask = (amount: string, note = ''): CreateTaskAction => ({
  type: 'CreateTask',
  cause: 'event-gift',
  partnerId: 'partner-1',
  kind: 'acknowledge-gift',
  title: 'Acknowledge the gift',
  description: `Thank the donor for the gift of ${amount} to Robotics Lab (cash, received on 2026-03-02).${note}`,
  dueAt: '2026-03-04T10:15:00.000Z',
  assignTo: { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'advancement' },
});

const executiveThankYou = (amount: string): CreateTaskAction => ({
  type: 'CreateTask',
  cause: 'event-gift/executive-thank-you',
  partnerId: 'partner-1',
  kind: 'executive-thank-you',
  title: 'Executive thank-you',
  description: `A major gift: the gift of ${amount} to Robotics Lab (cash, received on 2026-03-02). A personal thank-you from the executive sponsor (or the owner's manager).`,
  dueAt: '2026-03-09T10:15:00.000Z',
  assignTo: { role: 'sponsor-or-owners-manager', partnerId: 'partner-1', fallbackTeam: 'advancement' },
});

const stewardshipTimer: WorkflowAction = {
  type: 'ScheduleTimer',
  key: 'stewardship-report',
  dueAt: '2026-08-15T10:15:00.000Z',
  payload: { partnerId: 'partner-1', reportDueAt: '2026-08-29T10:15:00.000Z' },
};

describe('gift-received playbook', () => {
  it('routes a gift and its acknowledgement to the same instance, pledges to their own', () => {
    expect(giftReceivedPlaybook.instanceOf(gift('10.00').event)).toBe('gift-gift-1');
    expect(giftReceivedPlaybook.instanceOf(acknowledged.event)).toBe('gift-gift-1');
    const pledge = anEvent('PledgeMade', { pledgeId: 'p-1' }, { id: 'e', occurredAt: receivedAt });
    expect(giftReceivedPlaybook.instanceOf(pledge.event)).toBe('pledge-p-1');
    const other = anEvent('TaskCreated', { taskId: 't' }, { id: 'e', occurredAt: receivedAt });
    expect(giftReceivedPlaybook.instanceOf(other.event)).toBeUndefined();
  });

  it('asks the owner to acknowledge a gift within exactly 48 hours', () =>
    given([])
      .when(gift('500.00'))
      .then([acknowledgeTask('500.00 USD')]));

  it('treats a gift just below the threshold as an ordinary gift', () =>
    given([])
      .when(gift('24999.99'))
      .then([acknowledgeTask('24,999.99 USD')]));

  it('treats a gift of exactly the threshold as major: executive thank-you and stewardship timer', () =>
    given([])
      .when(gift('25000'))
      .then([acknowledgeTask('25,000.00 USD'), executiveThankYou('25,000.00 USD'), stewardshipTimer]));

  it('compares amounts exactly, whatever the decimal spelling', () =>
    expect(given([]).when(gift('25000.0000')).decision().actions).toHaveLength(3));

  it('never compares a gift in another currency with the threshold, and says so', () =>
    given([])
      .when(gift('90000.00', { amount: { amount: '90000.00', currency: 'EUR' } }))
      .then([
        {
          ...acknowledgeTask('90,000.00 EUR'),
          description:
            'Thank the donor for the gift of 90,000.00 EUR to Robotics Lab (cash, received on 2026-03-02). It is in EUR: check whether it reaches the major-gift level of 25,000.00 USD.',
        },
      ]));

  it('acknowledges a large pledge payment but leaves the major-gift treatment to the pledge', () => {
    const payment = gift('50000.00', { giftType: 'PLEDGE_PAYMENT', pledgeId: 'p-9' });
    given([])
      .when(payment)
      .then([
        {
          ...acknowledgeTask('50,000.00 USD'),
          description:
            'Thank the donor for the gift of 50,000.00 USD to Robotics Lab (pledge payment toward pledge p-9, received on 2026-03-02).',
        },
      ]);
  });

  it('celebrates a major pledge when it is made, and cancels its stewardship report if written off', () => {
    const made = anEvent(
      'PledgeMade',
      {
        pledgeId: 'p-9',
        partnerId: 'partner-1',
        amount: { amount: '100000.00', currency: 'USD' },
        designation: 'Scholarships',
        madeOn: '2026-03-02',
      },
      { id: 'event-pledge', occurredAt: receivedAt },
    );
    const decision = given([]).when(made).decision();
    expect(decision.actions).toEqual([
      expect.objectContaining({
        cause: 'event-pledge/executive-thank-you',
        kind: 'executive-thank-you',
        description: expect.stringContaining('the pledge of 100,000.00 USD to Scholarships') as unknown,
      }),
      { ...stewardshipTimer },
    ]);
    const writtenOff = anEvent(
      'PledgeWrittenOff',
      { pledgeId: 'p-9' },
      { id: 'e-w', occurredAt: receivedAt },
    );
    given([made])
      .when(writtenOff)
      .then([{ type: 'CancelTimer', key: 'stewardship-report' }]);
  });

  it('ignores a pledge below the threshold', () => {
    const small = anEvent(
      'PledgeMade',
      {
        pledgeId: 'p-1',
        partnerId: 'partner-1',
        amount: { amount: '1000.00', currency: 'USD' },
        designation: 'x',
        madeOn: '2026-03-02',
      },
      { id: 'event-small', occurredAt: receivedAt },
    );
    given([]).when(small).thenNothing();
  });

  it('closes the acknowledge task when the acknowledgement arrives', () =>
    given([gift('500.00')])
      .when(acknowledged)
      .then([
        {
          type: 'CompleteTask',
          taskId: taskIdFor('gift-received', 'event-gift'),
          outcome: 'Acknowledged by letter by staff-7 on 2026-03-03',
        },
      ]));

  it('does not complete the task twice when the acknowledgement is delivered again', () =>
    given([gift('500.00'), acknowledged])
      .when(acknowledged)
      .thenNothing());

  it('creates no acknowledge task when the acknowledgement arrived first', () =>
    given([acknowledged]).when(gift('500.00')).thenNothing());

  it('writes the stewardship report task when its timer fires, due 180 days after the gift', () => {
    const { actions } = run(giftReceivedPlaybook, [gift('30000.00')]);
    given([gift('30000.00')])
      .when(firing(actions, 'stewardship-report'))
      .then([
        {
          type: 'CreateTask',
          cause: 'timer:stewardship-report@2026-08-15T10:15:00.000Z',
          partnerId: 'partner-1',
          kind: 'stewardship-report',
          title: 'Stewardship report',
          description:
            'Report to the donor on what the gift of 30,000.00 USD to Robotics Lab (cash, received on 2026-03-02) has made possible (received 2026-03-02).',
          dueAt: '2026-08-29T10:15:00.000Z',
          assignTo: { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'advancement' },
        },
      ]);
  });

  it('writes the stewardship report once even if its timer fires twice', () => {
    const fired = timerFired('stewardship-report', '2026-08-15T10:15:00.000Z');
    given([gift('30000.00'), fired])
      .when(fired)
      .thenNothing();
  });

  it('decides the same again from the same state, and nothing new when the gift is redelivered', () => {
    expect(given([]).when(gift('30000.00')).decision()).toEqual(given([]).when(gift('30000.00')).decision());
    given([gift('30000.00')])
      .when(gift('30000.00'))
      .thenNothing();
  });

  it('follows the office settings', () =>
    expect(
      playbookSpecification(giftReceivedPlaybook, {
        ...defaultGiftReceivedSettings,
        acknowledgeWithinHours: 72,
        majorGiftThreshold: { amount: '500.00', currency: 'USD' },
      })([])
        .when(gift('500.00'))
        .decision()
        .actions.map((action) => (action.type === 'CreateTask' ? action.dueAt : action.type)),
    ).toEqual(['2026-03-05T10:15:00.000Z', '2026-03-09T10:15:00.000Z', 'ScheduleTimer']));
});
