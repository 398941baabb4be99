import { anEvent, firing, playbookSpecification, run, type CreateTaskAction } from '../testing';
import { internPlacedPlaybook } from './intern-placed.playbook';

const given = playbookSpecification(internPlacedPlaybook);
const owner = { role: 'owner', partnerId: 'partner-1', fallbackTeam: 'careers' } as const;

const placed = (placementId: string, at: string, endDate = '2026-08-28', role = 'Data intern') =>
  anEvent(
    'InternPlaced',
    {
      placementId,
      partnerId: 'partner-1',
      studentRef: 'stu-9f2',
      program: 'MSc Data Science',
      role,
      startDate: '2026-06-01',
      endDate,
    },
    { id: `event-${placementId}`, occurredAt: at },
  );

const completed = (placementId: string, at: string) =>
  anEvent(
    'PlacementCompleted',
    { placementId, partnerId: 'partner-1', outcome: 'COMPLETED' },
    { id: `event-done-${placementId}`, occurredAt: at },
  );

const placement = placed('pl-1', '2026-05-04T09:30:00Z');
const scheduled = run(internPlacedPlaybook, [placement]).actions;
const request = firing(scheduled, 'evaluation-request:pl-1');
const chase = firing(scheduled, 'evaluation-chase:pl-1');
const who = 'the MSc Data Science intern (Data intern, ending 2026-08-28)';

describe('intern-placed playbook', () => {
  it('thanks the host within 7 days and plans the evaluation request and the chase', () =>
    given([])
      .when(placement)
      .then([
        {
          type: 'CreateTask',
          cause: 'event-pl-1',
          partnerId: 'partner-1',
          kind: 'thank-host',
          title: 'Thank the host company',
          description:
            'An intern from MSc Data Science starts as Data intern on 2026-06-01 (until 2026-08-28). Thank the company for hosting them.',
          dueAt: '2026-05-11T09:30:00.000Z',
          assignTo: owner,
        },
        // Shows up 3 weeks before the end, due 2 weeks before it.
        {
          type: 'ScheduleTimer',
          key: 'evaluation-request:pl-1',
          dueAt: '2026-08-07T00:00:00.000Z',
          payload: { placementId: 'pl-1' },
        },
        {
          type: 'ScheduleTimer',
          key: 'evaluation-chase:pl-1',
          dueAt: '2026-09-11T00:00:00.000Z',
          payload: { placementId: 'pl-1' },
        },
      ]));

  it('requests the supervisor evaluation due 14 days before the end date', () =>
    given([placement])
      .when(request)
      .then([
        {
          type: 'CreateTask',
          cause: request.timerId,
          partnerId: 'partner-1',
          kind: 'request-supervisor-evaluation',
          title: 'Request supervisor evaluation',
          description: `Ask the host supervisor to evaluate ${who}.`,
          dueAt: '2026-08-14T00:00:00.000Z',
          assignTo: owner,
        },
      ]));

  it('requests at once, due a week later, for a placement recorded less than 3 weeks before its end', () => {
    const late = placed('pl-2', '2026-08-20T09:00:00Z');
    const fired = firing(run(internPlacedPlaybook, [late]).actions, 'evaluation-request:pl-2');
    expect(fired.dueAt).toBe('2026-08-20T09:00:00.000Z');
    expect((given([late]).when(fired).decision().actions[0] as CreateTaskAction).dueAt).toBe(
      '2026-08-27T09:00:00.000Z',
    );
  });

  it('chases the evaluation 14 days after the end if the placement is not completed', () =>
    given([placement, request])
      .when(chase)
      .then([
        {
          type: 'CreateTask',
          cause: chase.timerId,
          partnerId: 'partner-1',
          kind: 'chase-evaluation',
          title: 'Chase the evaluation',
          description: `The placement of ${who} is still not completed 14 days after its end. Chase the supervisor's evaluation.`,
          dueAt: '2026-09-18T00:00:00.000Z',
          assignTo: owner,
        },
      ]));

  it('cancels the chase when the placement is completed, and does not chase if the timer fires anyway', () => {
    given([placement, request])
      .when(completed('pl-1', '2026-08-30T10:00:00Z'))
      .then([
        { type: 'CancelTimer', key: 'evaluation-request:pl-1' },
        { type: 'CancelTimer', key: 'evaluation-chase:pl-1' },
      ]);
    given([placement, request, completed('pl-1', '2026-08-30T10:00:00Z')])
      .when(chase)
      .thenNothing();
  });

  it('does not request an evaluation for a placement that ended early', () =>
    given([placement, completed('pl-1', '2026-06-20T10:00:00Z')])
      .when(request)
      .thenNothing());

  it('fires each evaluation task once even if a timer fires twice', () => {
    given([placement, request]).when(request).thenNothing();
    given([placement, chase]).when(chase).thenNothing();
  });

  it('proposes a talent partnership on the third placement within 12 months', () => {
    const history = [
      placed('pl-a', '2025-06-01T09:00:00Z', '2025-08-29', 'Analyst'),
      placed('pl-b', '2025-11-01T09:00:00Z', '2026-02-27', 'Engineer'),
    ];
    const third = placed('pl-c', '2026-05-31T09:00:00Z', '2026-08-28', 'Designer');
    expect(given(history).when(third).decision().actions.at(-1)).toEqual({
      type: 'CreateTask',
      cause: 'event-pl-c/talent-partnership',
      partnerId: 'partner-1',
      kind: 'propose-talent-partnership',
      title: 'Propose a talent partnership',
      description:
        '3 interns placed in the last 12 months (Analyst, Engineer, Designer). Propose a talent partnership: a pipeline, recruiting days, a named programme.',
      dueAt: '2026-06-30T09:00:00.000Z',
      assignTo: owner,
    });
  });

  it('does not count a placement older than 12 months', () => {
    const history = [placed('pl-a', '2025-05-31T08:59:59Z'), placed('pl-b', '2025-11-01T09:00:00Z')];
    expect(given(history).when(placed('pl-c', '2026-05-31T09:00:00Z')).decision().actions).toHaveLength(3);
  });

  it('proposes once per 12 months, not on the fourth placement', () => {
    const history = [
      placed('pl-a', '2026-01-05T09:00:00Z'),
      placed('pl-b', '2026-02-05T09:00:00Z'),
      placed('pl-c', '2026-03-05T09:00:00Z'),
    ];
    expect(given(history).when(placed('pl-d', '2026-04-05T09:00:00Z')).decision().actions).toHaveLength(3);
  });

  it('does not count the same placement twice when it is redelivered', () => {
    const first = placed('pl-a', '2026-01-05T09:00:00Z');
    given([first, placed('pl-b', '2026-02-05T09:00:00Z')])
      .when(first)
      .thenNothing();
    expect(
      given([first, first]).when(placed('pl-b', '2026-02-05T09:00:00Z')).decision().actions,
    ).toHaveLength(3);
  });

  it('decides the same from the same state', () =>
    expect(given([]).when(placement).decision()).toEqual(given([]).when(placement).decision()));
});
