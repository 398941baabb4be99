import { taskIdFor } from '@continuum/tasks';
import { anEvent, playbookSpecification, timerFired } from '../testing';
import { inactivityPlaybook } from './inactivity.playbook';

const given = playbookSpecification(inactivityPlaybook);

const registered = (tier: string) =>
  anEvent(
    'PartnerRegistered',
    { partnerId: 'partner-1', name: 'Acme', tier, registeredVia: 'staff' },
    { id: 'event-registered', occurredAt: '2026-01-01T09:00:00Z' },
  );
const tierChanged = (from: string, to: string, at: string) =>
  anEvent(
    'TierChanged',
    { partnerId: 'partner-1', from, to, reason: 'review' },
    { id: `event-tier-${to}`, occurredAt: at },
  );
const interaction = (occurredAt: string, loggedAt: string) =>
  anEvent(
    'InteractionLogged',
    {
      partnerId: 'partner-1',
      interactionId: 'i-1',
      kind: 'call',
      occurredAt,
      summary: 'Catch-up',
      staffIds: [],
      contactIds: [],
    },
    { id: `event-interaction-${occurredAt}`, occurredAt: loggedAt },
  );
const schedule = (dueAt: string) => ({ type: 'ScheduleTimer', key: 'inactivity', dueAt }) as const;
const fired = timerFired('inactivity', '2026-06-30T09:00:00.000Z');

describe('inactivity playbook', () => {
  it('watches an engaged partner from its registration: 180 days to the timer', () =>
    given([])
      .when(registered('engaged'))
      .then([schedule('2026-06-30T09:00:00.000Z')]));

  it('does not watch a prospect', () => given([]).when(registered('prospect')).thenNothing());

  it('moves the timer on an interaction, dated when it happened rather than when it was logged', () =>
    given([registered('partner')])
      .when(interaction('2026-03-01T15:00:00Z', '2026-03-04T10:00:00Z'))
      .then([schedule('2026-08-28T15:00:00.000Z')]));

  it('moves the timer on continuum activity', () =>
    given([registered('engaged')])
      .when(
        anEvent(
          'GiftReceived',
          { partnerId: 'partner-1' },
          { id: 'event-gift', occurredAt: '2026-02-01T00:00:00Z' },
        ),
      )
      .then([schedule('2026-07-31T00:00:00.000Z')]));

  it('keeps the timer where it is for an interaction older than the last activity', () =>
    given([registered('engaged'), interaction('2026-03-01T15:00:00Z', '2026-03-01T16:00:00Z')])
      .when(interaction('2026-02-01T15:00:00Z', '2026-03-05T10:00:00Z'))
      .thenNothing());

  it('cancels the timer when the tier drops below engaged, and watches again when it rises', () => {
    given([registered('engaged')])
      .when(tierChanged('engaged', 'prospect', '2026-02-01T00:00:00Z'))
      .then([{ type: 'CancelTimer', key: 'inactivity' }]);
    given([registered('engaged'), tierChanged('engaged', 'prospect', '2026-02-01T00:00:00Z')])
      .when(tierChanged('prospect', 'engaged', '2026-03-01T00:00:00Z'))
      .then([schedule('2026-06-30T09:00:00.000Z')]);
  });

  it('asks the owner for re-engagement outreach when the timer fires', () =>
    given([registered('engaged')])
      .when(fired)
      .then([
        {
          type: 'CreateTask',
          cause: fired.timerId,
          partnerId: 'partner-1',
          kind: 're-engagement-outreach',
          title: 'Re-engagement outreach',
          description:
            'No interaction and no continuum activity since 2026-01-01 (180 days) for a partner at tier "engaged". Reach out to re-engage them.',
          dueAt: '2026-07-14T09:00:00.000Z',
          assignTo: { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'corporate-relations' },
        },
      ]));

  it('ignores a stale firing after activity moved the timer, and a firing for an unwatched partner', () => {
    given([registered('engaged'), interaction('2026-03-01T15:00:00Z', '2026-03-01T16:00:00Z')])
      .when(fired)
      .thenNothing();
    given([registered('engaged'), tierChanged('engaged', 'prospect', '2026-02-01T00:00:00Z')])
      .when(fired)
      .thenNothing();
  });

  it('creates one outreach task even if the timer fires twice', () =>
    given([registered('engaged'), fired])
      .when(fired)
      .thenNothing());

  it('completes the open outreach when the partner is active again, and watches again', () =>
    given([registered('engaged'), fired])
      .when(interaction('2026-07-02T10:00:00Z', '2026-07-02T11:00:00Z'))
      .then([
        {
          type: 'CompleteTask',
          taskId: taskIdFor('inactivity', fired.timerId),
          outcome: 'Active again: InteractionLogged on 2026-07-02',
        },
        schedule('2026-12-29T10:00:00.000Z'),
      ]));

  it('forgets an outreach task that staff closed', () =>
    given([
      registered('engaged'),
      fired,
      anEvent(
        'TaskCompleted',
        { taskId: taskIdFor('inactivity', fired.timerId), partnerId: 'partner-1' },
        { id: 'event-done', occurredAt: '2026-07-01T00:00:00Z' },
      ),
    ])
      .when(interaction('2026-07-02T10:00:00Z', '2026-07-02T11:00:00Z'))
      .then([schedule('2026-12-29T10:00:00.000Z')]));

  it('decides the same again, and nothing new when an interaction is redelivered', () => {
    const call = interaction('2026-03-01T15:00:00Z', '2026-03-04T10:00:00Z');
    expect(
      given([registered('engaged')])
        .when(call)
        .decision(),
    ).toEqual(
      given([registered('engaged')])
        .when(call)
        .decision(),
    );
    given([registered('engaged'), call])
      .when(call)
      .thenNothing();
  });
});
