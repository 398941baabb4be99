import { anEvent, playbookSpecification, type CreateTaskAction } from '../testing';
import { defaultStrategicAccountSettings, strategicAccountPlaybook } from './strategic-account.playbook';

const given = playbookSpecification(strategicAccountPlaybook);

const registered = (tier: string) =>
  anEvent(
    'PartnerRegistered',
    { partnerId: 'partner-1', name: 'Acme', tier, registeredVia: 'staff' },
    { id: 'event-registered', occurredAt: '2024-01-01T00:00:00Z' },
  );
const activity = (type: string, at: string, id = `event-${type}-${at}`) =>
  anEvent(type, { partnerId: 'partner-1' }, { id, occurredAt: at });

const agreement = activity('AgreementSigned', '2025-01-10T09:00:00Z');
const recruiting = activity('RecruitingEventAttended', '2025-06-10T09:00:00Z');
const gift = activity('GiftReceived', '2026-01-05T09:00:00Z', 'event-gift');

const review: CreateTaskAction = {
  type: 'CreateTask',
  cause: 'event-gift',
  partnerId: 'partner-1',
  kind: 'strategic-account-review',
  title: 'Strategic account review: name an executive sponsor',
  description:
    'Active in 3 continuum lines in the last 24 months (research, careers, advancement) while at tier "partner". Review the account for the strategic tier and name an executive sponsor.',
  dueAt: '2026-01-19T09:00:00.000Z',
  assignTo: { role: 'owners-manager', partnerId: 'partner-1', fallbackTeam: 'corporate-relations' },
};

describe('strategic-account playbook', () => {
  it('asks the owner’s manager for a review when a partner is active in a third line', () =>
    given([registered('partner'), agreement, recruiting])
      .when(gift)
      .then([review]));

  it('counts lines, not events: two careers events and a gift are two lines', () =>
    given([registered('partner'), recruiting, activity('InternPlaced', '2025-09-01T00:00:00Z')])
      .when(gift)
      .thenNothing());

  it('does not count a line last active more than 24 months ago', () =>
    given([registered('partner'), activity('AgreementSigned', '2024-01-05T08:59:59Z'), recruiting])
      .when(gift)
      .thenNothing());

  it('counts a line last active exactly 24 months ago', () =>
    expect(
      given([registered('partner'), activity('AgreementSigned', '2024-01-05T09:00:00Z'), recruiting])
        .when(gift)
        .decision().actions,
    ).toHaveLength(1));

  it('does not count endings such as a terminated agreement as activity', () =>
    given([registered('partner'), activity('AgreementTerminated', '2025-12-01T00:00:00Z'), recruiting])
      .when(gift)
      .thenNothing());

  it('leaves strategic partners alone', () =>
    given([registered('strategic'), agreement, recruiting])
      .when(gift)
      .thenNothing());

  it('reviews a partner that drops below strategic while active in three lines', () => {
    const dropped = anEvent(
      'TierChanged',
      { partnerId: 'partner-1', from: 'strategic', to: 'partner', reason: 'Sponsor left' },
      { id: 'event-dropped', occurredAt: '2026-02-01T00:00:00Z' },
    );
    expect(
      given([registered('strategic'), agreement, recruiting, gift])
        .when(dropped)
        .decision().actions,
    ).toEqual([expect.objectContaining({ cause: 'event-dropped', kind: 'strategic-account-review' })]);
  });

  it('reviews a partner once per year, and again after a year', () => {
    const history = [registered('engaged'), agreement, recruiting, gift];
    given(history).when(activity('LicenseExecuted', '2027-01-05T08:59:59Z')).thenNothing();
    expect(
      given(history)
        .when(activity('LicenseExecuted', '2027-01-05T09:00:00Z', 'event-license'))
        .decision().actions,
    ).toEqual([expect.objectContaining({ cause: 'event-license' })]);
  });

  it('follows the configured number of lines', () =>
    expect(
      playbookSpecification(strategicAccountPlaybook, {
        ...defaultStrategicAccountSettings,
        minimumActiveLines: 2,
      })([registered('partner'), agreement])
        .when(recruiting)
        .decision().actions,
    ).toHaveLength(1));

  it('decides the same again, and reviews once when the same event is redelivered', () => {
    expect(
      given([registered('partner'), agreement, recruiting])
        .when(gift)
        .decision(),
    ).toEqual(
      given([registered('partner'), agreement, recruiting])
        .when(gift)
        .decision(),
    );
    given([registered('partner'), agreement, recruiting, gift])
      .when(gift)
      .thenNothing();
  });
});
