import {
  invalid,
  notFound,
  ruleBroken,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '@continuum/kernel';

/** The contract's `outcome` enum (edu.university.careers.placement-completed.v1). */
export const placementOutcomes = ['COMPLETED', 'ENDED_EARLY'] as const;
export type PlacementOutcome = (typeof placementOutcomes)[number];

export const internshipPlacementRefusals = {
  notFound: 'placement-not-found',
  alreadyRecorded: 'placement-already-recorded',
  alreadyCompleted: 'placement-already-completed',
  notCompleted: 'placement-not-completed',
  studentRefNotPseudonymous: 'student-ref-not-pseudonymous',
  endBeforeStart: 'end-before-start',
  completedBeforeStart: 'placement-completed-before-start',
} as const;

export interface InternPlacedData {
  readonly placementId: string;
  readonly partnerId: string;
  /** A pseudonymous id from career services: never a name, email or student number. */
  readonly studentRef: string;
  readonly program: string;
  readonly role: string;
  /** YYYY-MM-DD */
  readonly startDate: string;
  /** YYYY-MM-DD */
  readonly endDate: string;
}

export interface PlacementCompletedData {
  readonly placementId: string;
  readonly partnerId: string;
  readonly outcome: PlacementOutcome;
  readonly offeredFullTime?: boolean;
  /** YYYY-MM-DD */
  readonly completedOn?: string;
}

export interface InternConvertedToHireData {
  readonly placementId: string;
  readonly partnerId: string;
  /** YYYY-MM-DD */
  readonly hiredOn: string;
}

export type InternPlaced = DomainEvent<'InternPlaced', InternPlacedData>;
export type PlacementCompleted = DomainEvent<'PlacementCompleted', PlacementCompletedData>;
export type InternConvertedToHire = DomainEvent<'InternConvertedToHire', InternConvertedToHireData>;
export type InternshipPlacementEvent = InternPlaced | PlacementCompleted | InternConvertedToHire;

export const internshipPlacementEventTypes = [
  'InternPlaced',
  'PlacementCompleted',
  'InternConvertedToHire',
] as const satisfies readonly InternshipPlacementEvent['type'][];

export type RecordInternPlaced = DomainCommand<'RecordInternPlaced', InternPlacedData>;
export type RecordPlacementCompleted = DomainCommand<
  'RecordPlacementCompleted',
  Omit<PlacementCompletedData, 'partnerId'>
>;
export type RecordFullTimeHire = DomainCommand<
  'RecordFullTimeHire',
  { readonly placementId: string; readonly hiredOn: string }
>;
export type InternshipPlacementCommand = RecordInternPlaced | RecordPlacementCompleted | RecordFullTimeHire;

type Completion = Pick<PlacementCompletedData, 'outcome' | 'offeredFullTime' | 'completedOn'>;

export type InternshipPlacementState =
  | { readonly status: 'not-placed' }
  | { readonly status: 'placed'; readonly placement: InternPlacedData }
  | { readonly status: 'completed'; readonly placement: InternPlacedData; readonly completion: Completion }
  | {
      readonly status: 'hired';
      readonly placement: InternPlacedData;
      readonly completion: Completion;
      readonly hiredOn: string;
    };

export const internshipPlacementStream = (placementId: string): string => `placement-${placementId}`;

const initialState = (): InternshipPlacementState => ({ status: 'not-placed' });

const decide = (
  command: InternshipPlacementCommand,
  state: InternshipPlacementState,
): InternshipPlacementEvent[] => {
  switch (command.type) {
    case 'RecordInternPlaced': {
      const placed = internPlacedFrom(command.data);
      if (state.status === 'not-placed') return [{ type: 'InternPlaced', data: placed }];
      if (samePlacement(state.placement, placed)) return [];
      throw ruleBroken(
        internshipPlacementRefusals.alreadyRecorded,
        `Placement ${placed.placementId} is already recorded with different details`,
      );
    }
    case 'RecordPlacementCompleted': {
      const { placementId, outcome, offeredFullTime, completedOn } = command.data;
      if (state.status === 'not-placed') throw placementNotFound(placementId);
      const completion: Completion = {
        outcome,
        ...(offeredFullTime === undefined ? {} : { offeredFullTime }),
        ...(completedOn === undefined ? {} : { completedOn }),
      };
      if (state.status !== 'placed') {
        if (sameCompletion(state.completion, completion)) return [];
        throw ruleBroken(
          internshipPlacementRefusals.alreadyCompleted,
          `Placement ${placementId} is already completed (${state.completion.outcome})`,
        );
      }
      const { startDate, partnerId } = state.placement;
      if (completedOn !== undefined && completedOn < startDate)
        throw invalid(
          internshipPlacementRefusals.completedBeforeStart,
          `A placement starting on ${startDate} cannot complete on ${completedOn}`,
        );
      return [{ type: 'PlacementCompleted', data: { placementId, partnerId, ...completion } }];
    }
    case 'RecordFullTimeHire': {
      const { placementId, hiredOn } = command.data;
      if (state.status === 'not-placed') throw placementNotFound(placementId);
      // A hire is a fact about the student: any repeat, whatever its date, adds nothing.
      if (state.status === 'hired') return [];
      if (state.status === 'placed')
        throw ruleBroken(
          internshipPlacementRefusals.notCompleted,
          `Placement ${placementId} must be completed before a full-time hire is recorded`,
        );
      const { partnerId } = state.placement;
      return [{ type: 'InternConvertedToHire', data: { placementId, partnerId, hiredOn } }];
    }
  }
};

const evolve = (
  state: InternshipPlacementState,
  event: InternshipPlacementEvent,
): InternshipPlacementState => {
  switch (event.type) {
    case 'InternPlaced':
      return { status: 'placed', placement: event.data };
    case 'PlacementCompleted': {
      if (state.status !== 'placed') return state;
      const { placementId: _placementId, partnerId: _partnerId, ...completion } = event.data;
      return { status: 'completed', placement: state.placement, completion };
    }
    case 'InternConvertedToHire':
      if (state.status !== 'completed') return state;
      return { ...state, status: 'hired', hiredOn: event.data.hiredOn };
  }
};

export const internshipPlacementDecider: Decider<
  InternshipPlacementCommand,
  InternshipPlacementEvent,
  InternshipPlacementState
> = { decide, evolve, initialState };

const placementNotFound = (placementId: string) =>
  notFound(internshipPlacementRefusals.notFound, `Placement ${placementId} has not been recorded`);

// Deliberately simple: an email has '@', a "First Last" name has a space; both are refused.
const looksPseudonymous = (studentRef: string): boolean =>
  studentRef.length > 0 && !studentRef.includes('@') && !/\s/.test(studentRef);

function internPlacedFrom(data: InternPlacedData): InternPlacedData {
  if (!looksPseudonymous(data.studentRef))
    throw invalid(
      internshipPlacementRefusals.studentRefNotPseudonymous,
      'studentRef must be a pseudonymous id, not a name or an email address',
    );
  if (data.endDate < data.startDate)
    throw invalid(
      internshipPlacementRefusals.endBeforeStart,
      `A placement starting on ${data.startDate} cannot end on ${data.endDate}`,
    );
  return {
    placementId: data.placementId,
    partnerId: data.partnerId,
    studentRef: data.studentRef,
    program: data.program,
    role: data.role,
    startDate: data.startDate,
    endDate: data.endDate,
  };
}

const samePlacement = (recorded: InternPlacedData, again: InternPlacedData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.studentRef === again.studentRef &&
  recorded.program === again.program &&
  recorded.role === again.role &&
  recorded.startDate === again.startDate &&
  recorded.endDate === again.endDate;

const sameCompletion = (recorded: Completion, again: Completion): boolean =>
  recorded.outcome === again.outcome &&
  recorded.offeredFullTime === again.offeredFullTime &&
  recorded.completedOn === again.completedOn;
