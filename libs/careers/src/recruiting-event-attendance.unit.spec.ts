import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  recruitingEventAttendanceDecider,
  recruitingEventAttendanceEventTypes,
  recruitingEventAttendanceRefusals as refusals,
  recruitingEventAttendanceStream,
  type RecordRecruitingEventAttended,
  type RecruitingEventAttended,
} from './recruiting-event-attendance';

const given = specificationFor(recruitingEventAttendanceDecider);

const attend = (partnerId: string, recruiters?: number): RecordRecruitingEventAttended => ({
  type: 'RecordRecruitingEventAttended',
  data: {
    eventId: 'EV-2026-SPRING',
    partnerId,
    eventName: 'Spring Engineering Career Fair',
    date: '2026-02-18',
    ...(recruiters === undefined ? {} : { recruiters }),
  },
});

const attended = (partnerId: string, recruiters?: number): RecruitingEventAttended => ({
  type: 'RecruitingEventAttended',
  data: attend(partnerId, recruiters).data,
});

describe('RecruitingEventAttendance', () => {
  it('names its stream recruiting-<eventId> and lists its event types', () => {
    expect(recruitingEventAttendanceStream('EV-2026-SPRING')).toBe('recruiting-EV-2026-SPRING');
    expect(recruitingEventAttendanceEventTypes).toEqual(['RecruitingEventAttended']);
  });

  describe('RecordRecruitingEventAttended', () => {
    it('records a company attending a recruiting event with its recruiters', () =>
      given([])
        .when(attend('partner-1', 3))
        .then([attended('partner-1', 3)]));

    it('records an attendance without a recruiter count', () =>
      given([])
        .when(attend('partner-1'))
        .then([attended('partner-1')]));

    it('accepts zero recruiters', () =>
      given([])
        .when(attend('partner-1', 0))
        .then([attended('partner-1', 0)]));

    it('records several companies at one event', () =>
      given([attended('partner-1', 3)])
        .when(attend('partner-2', 1))
        .then([attended('partner-2', 1)]));

    it('records nothing new when the same company attends the same event twice', () =>
      given([attended('partner-1', 3)])
        .when(attend('partner-1', 3))
        .then([]));

    it('records nothing new for the same company at the same event even with another count', () =>
      given([attended('partner-1', 3)])
        .when(attend('partner-1', 5))
        .then([]));

    it.each([
      ['negative', -1],
      ['fractional', 1.5],
      ['not a number', Number.NaN],
    ])('refuses a recruiter count that is %s', (_what, recruiters) =>
      given([]).when(attend('partner-1', recruiters)).thenThrows(refusals.recruitersNotACount),
    );
  });

  describe('evolve', () => {
    it('starts with no attendees', () => {
      expect(fold(recruitingEventAttendanceDecider, [])).toEqual({ attendees: {} });
    });

    it('keeps attendees by partner with their recruiters', () => {
      expect(
        fold(recruitingEventAttendanceDecider, [attended('partner-1', 3), attended('partner-2')]),
      ).toEqual({
        event: { eventId: 'EV-2026-SPRING', eventName: 'Spring Engineering Career Fair', date: '2026-02-18' },
        attendees: {
          'partner-1': { partnerId: 'partner-1', recruiters: 3 },
          'partner-2': { partnerId: 'partner-2' },
        },
      });
    });
  });
});
