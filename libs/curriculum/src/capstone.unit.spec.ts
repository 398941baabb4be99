import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  capstoneDecider,
  capstoneEventTypes,
  capstoneStream,
  type CapstoneCompleted,
  type CapstoneSponsored,
  type CompleteCapstone,
  type RecordCapstoneSponsored,
} from './capstone';

const given = specificationFor(capstoneDecider);

const record: RecordCapstoneSponsored = {
  type: 'RecordCapstoneSponsored',
  data: {
    projectId: 'CP-12',
    partnerId: 'partner-1',
    course: 'MECH 4950 Senior Design',
    term: 'Spring 2026',
    value: { amount: '15000', currency: 'USD' },
  },
};

const sponsored: CapstoneSponsored = {
  type: 'CapstoneSponsored',
  data: { ...record.data, value: { amount: '15000.00', currency: 'USD' } },
};

const complete: CompleteCapstone = {
  type: 'CompleteCapstone',
  data: { projectId: 'CP-12', completedOn: '2026-05-08', outcome: 'Prototype delivered' },
};

const completed: CapstoneCompleted = {
  type: 'CapstoneCompleted',
  data: {
    projectId: 'CP-12',
    partnerId: 'partner-1',
    completedOn: '2026-05-08',
    outcome: 'Prototype delivered',
  },
};

const withData = (data: Partial<RecordCapstoneSponsored['data']>): RecordCapstoneSponsored => ({
  ...record,
  data: { ...record.data, ...data },
});

describe('Capstone', () => {
  it('names its stream capstone-<projectId> and lists its event types', () => {
    expect(capstoneStream('CP-12')).toBe('capstone-CP-12');
    expect(capstoneEventTypes).toEqual(['CapstoneSponsored', 'CapstoneCompleted']);
  });

  describe('RecordCapstoneSponsored', () => {
    it('records a sponsored capstone, with its value normalised to an exact decimal', () =>
      given([]).when(record).then([sponsored]));

    it('records a sponsored capstone without a value', () => {
      const { value: _value, ...withoutValue } = record.data;
      given([])
        .when({ type: 'RecordCapstoneSponsored', data: withoutValue })
        .then([{ type: 'CapstoneSponsored', data: withoutValue }]);
    });

    it('records nothing new when the same capstone is recorded again with identical data', () =>
      given([sponsored]).when(record).then([]));

    it('refuses to record the same capstone again with a different course', () =>
      given([sponsored])
        .when(withData({ course: 'MECH 4960' }))
        .thenThrows('capstone-already-recorded'));

    it('refuses to record the same capstone again without the value it was recorded with', () => {
      const { value: _value, ...withoutValue } = record.data;
      given([sponsored])
        .when({ type: 'RecordCapstoneSponsored', data: withoutValue })
        .thenThrows('capstone-already-recorded');
    });

    it('refuses a negative value', () =>
      given([])
        .when(withData({ value: { amount: '-1.00', currency: 'USD' } }))
        .thenThrows('capstone-value-negative'));
  });

  describe('CompleteCapstone', () => {
    it('completes a sponsored capstone with its outcome', () =>
      given([sponsored]).when(complete).then([completed]));

    it('completes a sponsored capstone without an outcome', () =>
      given([sponsored])
        .when({ type: 'CompleteCapstone', data: { projectId: 'CP-12', completedOn: '2026-05-08' } })
        .then([
          {
            type: 'CapstoneCompleted',
            data: { projectId: 'CP-12', partnerId: 'partner-1', completedOn: '2026-05-08' },
          },
        ]));

    it('completes nothing new when the same completion is recorded again', () =>
      given([sponsored, completed]).when(complete).then([]));

    it('refuses to complete a capstone again on another day', () =>
      given([sponsored, completed])
        .when({ ...complete, data: { ...complete.data, completedOn: '2026-05-15' } })
        .thenThrows('capstone-already-completed'));

    it('refuses to complete a capstone that was never recorded', () =>
      given([]).when(complete).thenThrows('capstone-not-found'));
  });

  describe('evolve', () => {
    it('folds a sponsored and completed capstone into its state', () => {
      expect(fold(capstoneDecider, [sponsored, completed])).toEqual({
        status: 'completed',
        project: sponsored.data,
        completion: completed.data,
      });
    });
  });
});
