import {
  compareMoney,
  invalid,
  money,
  notFound,
  ruleBroken,
  zero,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type Money,
  sameMoney,
} from '@continuum/kernel';

export const trainingContractRefusals = {
  notFound: 'training-contract-not-found',
  alreadyRecorded: 'training-contract-already-recorded',
  alreadyCompleted: 'training-contract-already-completed',
  completed: 'training-contract-completed',
  seatsNotPositive: 'training-seats-not-positive',
  endsBeforeStart: 'training-ends-before-start',
  completedBeforeStart: 'training-completed-before-start',
  valueNegative: 'training-value-negative',
} as const;

export interface TrainingContractSignedData {
  readonly contractId: string;
  readonly partnerId: string;
  readonly programName: string;
  readonly seats: number;
  readonly value?: Money;
  /** YYYY-MM-DD */
  readonly startDate: string;
  /** YYYY-MM-DD */
  readonly endDate?: string;
}

export interface TrainingSeatsChangedData {
  readonly contractId: string;
  readonly partnerId: string;
  readonly seats: number;
  readonly previousSeats: number;
  readonly changedOn: string;
}

export interface TrainingContractCompletedData {
  readonly contractId: string;
  readonly partnerId: string;
  readonly completedOn: string;
}

export type TrainingContractSigned = DomainEvent<'TrainingContractSigned', TrainingContractSignedData>;
export type TrainingSeatsChanged = DomainEvent<'TrainingSeatsChanged', TrainingSeatsChangedData>;
export type TrainingContractCompleted = DomainEvent<
  'TrainingContractCompleted',
  TrainingContractCompletedData
>;
export type TrainingContractEvent = TrainingContractSigned | TrainingSeatsChanged | TrainingContractCompleted;

export const trainingContractEventTypes = [
  'TrainingContractSigned',
  'TrainingSeatsChanged',
  'TrainingContractCompleted',
] as const satisfies readonly TrainingContractEvent['type'][];

export type RecordTrainingContractSigned = DomainCommand<
  'RecordTrainingContractSigned',
  TrainingContractSignedData
>;
export type ChangeTrainingSeats = DomainCommand<
  'ChangeTrainingSeats',
  { readonly contractId: string; readonly seats: number; readonly changedOn: string }
>;
export type CompleteTrainingContract = DomainCommand<
  'CompleteTrainingContract',
  { readonly contractId: string; readonly completedOn: string }
>;
export type TrainingContractCommand =
  RecordTrainingContractSigned | ChangeTrainingSeats | CompleteTrainingContract;

export interface SignedTrainingContract {
  readonly status: 'signed';
  /** As signed: a repeated signing is compared with this, not with later seat changes. */
  readonly contract: TrainingContractSignedData;
  readonly seats: number;
}

export type TrainingContractState =
  | { readonly status: 'unrecorded' }
  | SignedTrainingContract
  | (Omit<SignedTrainingContract, 'status'> & { readonly status: 'completed'; readonly completedOn: string });

export const trainingContractStream = (contractId: string): string => `training-${contractId}`;

const initialState = (): TrainingContractState => ({ status: 'unrecorded' });

const decide = (command: TrainingContractCommand, state: TrainingContractState): TrainingContractEvent[] => {
  switch (command.type) {
    case 'RecordTrainingContractSigned': {
      const signed = contractSignedFrom(command.data);
      if (state.status === 'unrecorded') return [{ type: 'TrainingContractSigned', data: signed }];
      if (sameContract(state.contract, signed)) return [];
      throw ruleBroken(
        trainingContractRefusals.alreadyRecorded,
        `Training contract ${signed.contractId} is already recorded with different details`,
      );
    }
    case 'ChangeTrainingSeats': {
      const { contractId, seats, changedOn } = command.data;
      if (state.status === 'unrecorded') throw contractNotFound(contractId);
      assertSeats(seats);
      if (state.status === 'completed')
        throw ruleBroken(trainingContractRefusals.completed, `Training contract ${contractId} is completed`);
      if (seats === state.seats) return [];
      const { partnerId } = state.contract;
      return [
        {
          type: 'TrainingSeatsChanged',
          data: { contractId, partnerId, seats, previousSeats: state.seats, changedOn },
        },
      ];
    }
    case 'CompleteTrainingContract': {
      const { contractId, completedOn } = command.data;
      if (state.status === 'unrecorded') throw contractNotFound(contractId);
      if (state.status === 'completed') {
        if (state.completedOn === completedOn) return [];
        throw ruleBroken(
          trainingContractRefusals.alreadyCompleted,
          `Training contract ${contractId} already completed on ${state.completedOn}`,
        );
      }
      if (completedOn < state.contract.startDate)
        throw invalid(
          trainingContractRefusals.completedBeforeStart,
          `A contract starting on ${state.contract.startDate} cannot complete on ${completedOn}`,
        );
      const { partnerId } = state.contract;
      return [{ type: 'TrainingContractCompleted', data: { contractId, partnerId, completedOn } }];
    }
  }
};

const evolve = (state: TrainingContractState, event: TrainingContractEvent): TrainingContractState => {
  switch (event.type) {
    case 'TrainingContractSigned':
      return { status: 'signed', contract: event.data, seats: event.data.seats };
    case 'TrainingSeatsChanged':
      if (state.status === 'unrecorded') return state;
      return { ...state, seats: event.data.seats };
    case 'TrainingContractCompleted':
      if (state.status === 'unrecorded') return state;
      return { ...state, status: 'completed', completedOn: event.data.completedOn };
  }
};

export const trainingContractDecider: Decider<
  TrainingContractCommand,
  TrainingContractEvent,
  TrainingContractState
> = { decide, evolve, initialState };

const contractNotFound = (contractId: string) =>
  notFound(trainingContractRefusals.notFound, `Training contract ${contractId} has not been recorded`);

function assertSeats(seats: number): void {
  if (!Number.isInteger(seats) || seats <= 0)
    throw invalid(trainingContractRefusals.seatsNotPositive, `${seats} is not a positive number of seats`);
}

function contractSignedFrom(data: TrainingContractSignedData): TrainingContractSignedData {
  assertSeats(data.seats);
  if (data.endDate !== undefined && data.endDate < data.startDate)
    throw invalid(
      trainingContractRefusals.endsBeforeStart,
      `A contract starting on ${data.startDate} cannot end on ${data.endDate}`,
    );
  const value = data.value && money(data.value.amount, data.value.currency);
  if (value && compareMoney(value, zero(value.currency)) < 0)
    throw invalid(trainingContractRefusals.valueNegative, `A contract cannot be worth ${value.amount}`);
  return {
    contractId: data.contractId,
    partnerId: data.partnerId,
    programName: data.programName,
    seats: data.seats,
    ...(value === undefined ? {} : { value }),
    startDate: data.startDate,
    ...(data.endDate === undefined ? {} : { endDate: data.endDate }),
  };
}

const sameContract = (recorded: TrainingContractSignedData, again: TrainingContractSignedData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.programName === again.programName &&
  recorded.seats === again.seats &&
  sameMoney(recorded.value, again.value) &&
  recorded.startDate === again.startDate &&
  recorded.endDate === again.endDate;
