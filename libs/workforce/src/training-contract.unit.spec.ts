import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  trainingContractDecider,
  trainingContractEventTypes,
  trainingContractStream,
  type ChangeTrainingSeats,
  type CompleteTrainingContract,
  type RecordTrainingContractSigned,
  type TrainingContractCompleted,
  type TrainingContractSigned,
  type TrainingSeatsChanged,
} from './training-contract';

const given = specificationFor(trainingContractDecider);

const record: RecordTrainingContractSigned = {
  type: 'RecordTrainingContractSigned',
  data: {
    contractId: 'TC-3',
    partnerId: 'partner-1',
    programName: 'PLC Programming for Technicians',
    seats: 24,
    value: { amount: '48000', currency: 'USD' },
    startDate: '2026-04-01',
    endDate: '2026-09-30',
  },
};

const signed: TrainingContractSigned = {
  type: 'TrainingContractSigned',
  data: { ...record.data, value: { amount: '48000.00', currency: 'USD' } },
};

const changeSeats = (seats: number, changedOn = '2026-05-01'): ChangeTrainingSeats => ({
  type: 'ChangeTrainingSeats',
  data: { contractId: 'TC-3', seats, changedOn },
});

const seatsChanged = (seats: number, previousSeats: number): TrainingSeatsChanged => ({
  type: 'TrainingSeatsChanged',
  data: { contractId: 'TC-3', partnerId: 'partner-1', seats, previousSeats, changedOn: '2026-05-01' },
});

const complete = (completedOn = '2026-09-30'): CompleteTrainingContract => ({
  type: 'CompleteTrainingContract',
  data: { contractId: 'TC-3', completedOn },
});

const completed: TrainingContractCompleted = {
  type: 'TrainingContractCompleted',
  data: { contractId: 'TC-3', partnerId: 'partner-1', completedOn: '2026-09-30' },
};

const withData = (data: Partial<RecordTrainingContractSigned['data']>): RecordTrainingContractSigned => ({
  ...record,
  data: { ...record.data, ...data },
});

describe('TrainingContract', () => {
  it('names its stream training-<contractId> and lists its event types', () => {
    expect(trainingContractStream('TC-3')).toBe('training-TC-3');
    expect(trainingContractEventTypes).toEqual([
      'TrainingContractSigned',
      'TrainingSeatsChanged',
      'TrainingContractCompleted',
    ]);
  });

  describe('RecordTrainingContractSigned', () => {
    it('records a signed training contract, with its value normalised to an exact decimal', () =>
      given([]).when(record).then([signed]));

    it('records an open-ended contract without a value or end date', () => {
      const { value: _value, endDate: _endDate, ...bare } = record.data;
      given([])
        .when({ type: 'RecordTrainingContractSigned', data: bare })
        .then([{ type: 'TrainingContractSigned', data: bare }]);
    });

    it('records a contract that starts and ends on the same day', () =>
      given([])
        .when(withData({ endDate: '2026-04-01' }))
        .then([{ type: 'TrainingContractSigned', data: { ...signed.data, endDate: '2026-04-01' } }]));

    it('records nothing new when the same contract is recorded again with identical data', () =>
      given([signed]).when(record).then([]));

    it('records nothing new when the signing is recorded again after the seats changed', () =>
      given([signed, seatsChanged(30, 24)])
        .when(record)
        .then([]));

    it('refuses to record the same contract again with a different number of seats', () =>
      given([signed])
        .when(withData({ seats: 25 }))
        .thenThrows('training-contract-already-recorded'));

    it('refuses to record the same contract again with a different end date', () =>
      given([signed])
        .when(withData({ endDate: '2026-10-31' }))
        .thenThrows('training-contract-already-recorded'));

    it('refuses a contract that ends before it starts', () =>
      given([])
        .when(withData({ endDate: '2026-03-31' }))
        .thenThrows('training-ends-before-start'));

    it('refuses a contract with no seats', () =>
      given([])
        .when(withData({ seats: 0 }))
        .thenThrows('training-seats-not-positive'));

    it('refuses a fractional number of seats', () =>
      given([])
        .when(withData({ seats: 2.5 }))
        .thenThrows('training-seats-not-positive'));

    it('refuses a negative value', () =>
      given([])
        .when(withData({ value: { amount: '-100', currency: 'USD' } }))
        .thenThrows('training-value-negative'));
  });

  describe('ChangeTrainingSeats', () => {
    it('changes the seats, recording how many there were before', () =>
      given([signed])
        .when(changeSeats(30))
        .then([seatsChanged(30, 24)]));

    it('compares a second change with the seats after the first', () =>
      given([signed, seatsChanged(30, 24)])
        .when(changeSeats(20))
        .then([seatsChanged(20, 30)]));

    it('changes nothing when the seats are already that number', () =>
      given([signed, seatsChanged(30, 24)])
        .when(changeSeats(30, '2026-05-02'))
        .then([]));

    it('refuses to change the seats to zero', () =>
      given([signed]).when(changeSeats(0)).thenThrows('training-seats-not-positive'));

    it('refuses to change the seats of a completed contract', () =>
      given([signed, completed]).when(changeSeats(30)).thenThrows('training-contract-completed'));

    it('refuses to change the seats of a contract that was never recorded', () =>
      given([]).when(changeSeats(30)).thenThrows('training-contract-not-found'));
  });

  describe('CompleteTrainingContract', () => {
    it('completes a signed contract', () => given([signed]).when(complete()).then([completed]));

    it('completes nothing new when the same completion is recorded again', () =>
      given([signed, completed]).when(complete()).then([]));

    it('refuses to complete a contract again on another day', () =>
      given([signed, completed])
        .when(complete('2026-10-01'))
        .thenThrows('training-contract-already-completed'));

    it('refuses to complete a contract before it started', () =>
      given([signed]).when(complete('2026-03-31')).thenThrows('training-completed-before-start'));

    it('refuses to complete a contract that was never recorded', () =>
      given([]).when(complete()).thenThrows('training-contract-not-found'));
  });

  describe('evolve', () => {
    it('folds seat changes and completion into the current seats and status, keeping the contract as signed', () => {
      expect(
        fold(trainingContractDecider, [signed, seatsChanged(30, 24), seatsChanged(28, 30), completed]),
      ).toEqual({ status: 'completed', contract: signed.data, seats: 28, completedOn: '2026-09-30' });
    });
  });
});
