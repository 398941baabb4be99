import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  internshipPlacementDecider,
  internshipPlacementEventTypes,
  internshipPlacementRefusals as refusals,
  internshipPlacementStream,
  type InternConvertedToHire,
  type InternPlaced,
  type PlacementCompleted,
  type RecordFullTimeHire,
  type RecordInternPlaced,
  type RecordPlacementCompleted,
} from './internship-placement';

const given = specificationFor(internshipPlacementDecider);

const place: RecordInternPlaced = {
  type: 'RecordInternPlaced',
  data: {
    placementId: 'PL-41',
    partnerId: 'partner-1',
    studentRef: 'stu-7f3a9c',
    program: 'Summer Engineering Internship',
    role: 'Controls Engineering Intern',
    startDate: '2026-06-01',
    endDate: '2026-08-21',
  },
};

const placed: InternPlaced = { type: 'InternPlaced', data: place.data };

const placing = (data: Partial<RecordInternPlaced['data']>): RecordInternPlaced => ({
  ...place,
  data: { ...place.data, ...data },
});

const complete = (data: Partial<RecordPlacementCompleted['data']> = {}): RecordPlacementCompleted => ({
  type: 'RecordPlacementCompleted',
  data: {
    placementId: 'PL-41',
    outcome: 'COMPLETED',
    offeredFullTime: true,
    completedOn: '2026-08-21',
    ...data,
  },
});

const completed = (data: Partial<PlacementCompleted['data']> = {}): PlacementCompleted => ({
  type: 'PlacementCompleted',
  data: {
    placementId: 'PL-41',
    partnerId: 'partner-1',
    outcome: 'COMPLETED',
    offeredFullTime: true,
    completedOn: '2026-08-21',
    ...data,
  },
});

const hire = (hiredOn = '2027-06-15'): RecordFullTimeHire => ({
  type: 'RecordFullTimeHire',
  data: { placementId: 'PL-41', hiredOn },
});

const hired: InternConvertedToHire = {
  type: 'InternConvertedToHire',
  data: { placementId: 'PL-41', partnerId: 'partner-1', hiredOn: '2027-06-15' },
};

describe('InternshipPlacement', () => {
  it('names its stream placement-<placementId> and lists its event types', () => {
    expect(internshipPlacementStream('PL-41')).toBe('placement-PL-41');
    expect(internshipPlacementEventTypes).toEqual([
      'InternPlaced',
      'PlacementCompleted',
      'InternConvertedToHire',
    ]);
  });

  describe('RecordInternPlaced', () => {
    it('records an intern placed with a company', () => given([]).when(place).then([placed]));

    it('accepts a placement that starts and ends on the same day', () =>
      given([])
        .when(placing({ endDate: '2026-06-01' }))
        .then([{ type: 'InternPlaced', data: { ...place.data, endDate: '2026-06-01' } }]));

    it('refuses a placement that ends before it starts', () =>
      given([])
        .when(placing({ endDate: '2026-05-31' }))
        .thenThrows(refusals.endBeforeStart));

    it.each([
      ['an email address', 'ada.okafor@university.edu'],
      ['a full name', 'Ada Okafor'],
      ['a name with a tab', 'Ada\tOkafor'],
      ['an empty reference', ''],
    ])('refuses a student reference that is %s', (_what, studentRef) =>
      given([]).when(placing({ studentRef })).thenThrows(refusals.studentRefNotPseudonymous),
    );

    it('records nothing new when the same placement arrives again', () =>
      given([placed]).when(place).then([]));

    it('records nothing new when the same placement arrives again after completion', () =>
      given([placed, completed()]).when(place).then([]));

    it.each([
      ['student', { studentRef: 'stu-000001' }],
      ['program', { program: 'Co-op' }],
      ['role', { role: 'Data Intern' }],
      ['start date', { startDate: '2026-06-08' }],
      ['end date', { endDate: '2026-08-28' }],
      ['partner', { partnerId: 'partner-2' }],
    ])('refuses to record the placement again with a different %s', (_field, change) =>
      given([placed]).when(placing(change)).thenThrows(refusals.alreadyRecorded),
    );
  });

  describe('RecordPlacementCompleted', () => {
    it('records a completed placement with a full-time offer', () =>
      given([placed]).when(complete()).then([completed()]));

    it('records a placement that ended early, without offer or date', () =>
      given([placed])
        .when({ type: 'RecordPlacementCompleted', data: { placementId: 'PL-41', outcome: 'ENDED_EARLY' } })
        .then([
          {
            type: 'PlacementCompleted',
            data: { placementId: 'PL-41', partnerId: 'partner-1', outcome: 'ENDED_EARLY' },
          },
        ]));

    it('refuses a completion dated before the placement started', () =>
      given([placed])
        .when(complete({ completedOn: '2026-05-31' }))
        .thenThrows(refusals.completedBeforeStart));

    it('records nothing new when the same completion arrives again', () =>
      given([placed, completed()]).when(complete()).then([]));

    it('records nothing new when the same completion arrives again after the hire', () =>
      given([placed, completed(), hired]).when(complete()).then([]));

    it.each([
      ['outcome', { outcome: 'ENDED_EARLY' as const }],
      ['offer', { offeredFullTime: false }],
      ['date', { completedOn: '2026-08-14' }],
    ])('refuses to complete the placement again with a different %s', (_field, change) =>
      given([placed, completed()]).when(complete(change)).thenThrows(refusals.alreadyCompleted),
    );

    it('refuses to complete a placement that was never recorded', () =>
      given([]).when(complete()).thenThrows(refusals.notFound));
  });

  describe('RecordFullTimeHire', () => {
    it('converts the intern to a hire after a completion with a full-time offer', () =>
      given([placed, completed()]).when(hire()).then([hired]));

    it('converts the intern to a hire directly from a completion without a recorded offer', () =>
      given([placed, completed({ offeredFullTime: undefined })])
        .when(hire())
        .then([hired]));

    it('converts the intern to a hire after a placement that ended early', () =>
      given([placed, completed({ outcome: 'ENDED_EARLY', offeredFullTime: false })])
        .when(hire())
        .then([hired]));

    it('records nothing new when the hire is recorded twice', () =>
      given([placed, completed(), hired]).when(hire()).then([]));

    it('records nothing new when the hire is recorded twice with another date', () =>
      given([placed, completed(), hired]).when(hire('2027-07-01')).then([]));

    it('refuses a hire before the placement is completed', () =>
      given([placed]).when(hire()).thenThrows(refusals.notCompleted));

    it('refuses a hire for a placement that was never recorded', () =>
      given([]).when(hire()).thenThrows(refusals.notFound));
  });

  describe('evolve', () => {
    it('starts not placed', () => {
      expect(fold(internshipPlacementDecider, [])).toEqual({ status: 'not-placed' });
    });

    it('keeps the placement, its completion and the hire', () => {
      expect(fold(internshipPlacementDecider, [placed])).toEqual({ status: 'placed', placement: place.data });
      expect(fold(internshipPlacementDecider, [placed, completed(), hired])).toEqual({
        status: 'hired',
        placement: place.data,
        completion: { outcome: 'COMPLETED', offeredFullTime: true, completedOn: '2026-08-21' },
        hiredOn: '2027-06-15',
      });
    });
  });
});
