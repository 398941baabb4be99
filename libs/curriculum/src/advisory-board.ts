import {
  invalid,
  notFound,
  ruleBroken,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '@continuum/kernel';

export const advisoryBoardRefusals = {
  boardNotFound: 'advisory-board-not-found',
  seatNotFound: 'advisory-seat-not-found',
  seatAlreadyHeld: 'seat-already-held',
  seatAlreadyEnded: 'seat-already-ended',
  termEndsBeforeStart: 'advisory-term-ends-before-start',
  endedBeforeTermStart: 'seat-ended-before-term-start',
} as const;

export interface AdvisorySeatAcceptedData {
  readonly boardId: string;
  readonly boardName: string;
  readonly partnerId: string;
  /** YYYY-MM-DD */
  readonly termStart: string;
  /** YYYY-MM-DD; absent for an open-ended term. */
  readonly termEnd?: string;
}

export interface AdvisorySeatEndedData {
  readonly boardId: string;
  readonly partnerId: string;
  /** Which of the partner's terms ended. */
  readonly termStart: string;
  readonly endedOn: string;
}

export type AdvisorySeatAccepted = DomainEvent<'AdvisorySeatAccepted', AdvisorySeatAcceptedData>;
export type AdvisorySeatEnded = DomainEvent<'AdvisorySeatEnded', AdvisorySeatEndedData>;
export type AdvisoryBoardEvent = AdvisorySeatAccepted | AdvisorySeatEnded;

export const advisoryBoardEventTypes = [
  'AdvisorySeatAccepted',
  'AdvisorySeatEnded',
] as const satisfies readonly AdvisoryBoardEvent['type'][];

export type RecordAdvisorySeatAccepted = DomainCommand<
  'RecordAdvisorySeatAccepted',
  AdvisorySeatAcceptedData
>;
export type EndAdvisorySeat = DomainCommand<
  'EndAdvisorySeat',
  { readonly boardId: string; readonly partnerId: string; readonly endedOn: string }
>;
export type AdvisoryBoardCommand = RecordAdvisorySeatAccepted | EndAdvisorySeat;

export interface AdvisorySeatTerm {
  readonly termStart: string;
  readonly termEnd?: string;
  readonly endedOn?: string;
}

/** One board: its name as last reported, and each partner's terms in the order they were accepted. */
export interface AdvisoryBoardState {
  readonly boardName?: string;
  readonly seats: Readonly<Record<string, readonly AdvisorySeatTerm[]>>;
}

/** One stream per board, so that a partner's overlapping seats on it can be refused. */
export const advisoryBoardStream = (boardId: string): string => `advisory-${boardId}`;

const initialState = (): AdvisoryBoardState => ({ seats: {} });

const decide = (command: AdvisoryBoardCommand, state: AdvisoryBoardState): AdvisoryBoardEvent[] => {
  switch (command.type) {
    case 'RecordAdvisorySeatAccepted': {
      const accepted = seatAcceptedFrom(command.data);
      const terms = termsOf(state, accepted.partnerId);
      if (terms.some((term) => isSameTerm(term, accepted))) return [];
      if (terms.some((term) => overlaps(term, accepted)))
        throw ruleBroken(
          advisoryBoardRefusals.seatAlreadyHeld,
          `Partner ${accepted.partnerId} already holds a seat on board ${accepted.boardId} in that term`,
        );
      return [{ type: 'AdvisorySeatAccepted', data: accepted }];
    }
    case 'EndAdvisorySeat': {
      const { boardId, partnerId, endedOn } = command.data;
      if (state.boardName === undefined)
        throw notFound(
          advisoryBoardRefusals.boardNotFound,
          `Advisory board ${boardId} has no seats recorded`,
        );
      const current = termsOf(state, partnerId).at(-1);
      if (!current)
        throw notFound(
          advisoryBoardRefusals.seatNotFound,
          `Partner ${partnerId} holds no seat on board ${boardId}`,
        );
      if (current.endedOn !== undefined) {
        if (current.endedOn === endedOn) return [];
        throw ruleBroken(
          advisoryBoardRefusals.seatAlreadyEnded,
          `Partner ${partnerId}'s seat on board ${boardId} already ended on ${current.endedOn}`,
        );
      }
      if (endedOn < current.termStart)
        throw invalid(
          advisoryBoardRefusals.endedBeforeTermStart,
          `A seat that started on ${current.termStart} cannot end on ${endedOn}`,
        );
      return [
        { type: 'AdvisorySeatEnded', data: { boardId, partnerId, termStart: current.termStart, endedOn } },
      ];
    }
  }
};

const evolve = (state: AdvisoryBoardState, event: AdvisoryBoardEvent): AdvisoryBoardState => {
  switch (event.type) {
    case 'AdvisorySeatAccepted': {
      const { boardName, partnerId, termStart, termEnd } = event.data;
      const term: AdvisorySeatTerm = termEnd === undefined ? { termStart } : { termStart, termEnd };
      const terms = [...termsOf(state, partnerId), term].sort(byTermStart);
      return { boardName, seats: { ...state.seats, [partnerId]: terms } };
    }
    case 'AdvisorySeatEnded': {
      const { partnerId, termStart, endedOn } = event.data;
      const terms = termsOf(state, partnerId).map((term) =>
        term.termStart === termStart ? { ...term, endedOn } : term,
      );
      return { ...state, seats: { ...state.seats, [partnerId]: terms } };
    }
  }
};

export const advisoryBoardDecider: Decider<AdvisoryBoardCommand, AdvisoryBoardEvent, AdvisoryBoardState> = {
  decide,
  evolve,
  initialState,
};

const termsOf = (state: AdvisoryBoardState, partnerId: string): readonly AdvisorySeatTerm[] =>
  (Object.hasOwn(state.seats, partnerId) ? state.seats[partnerId] : undefined) ?? [];

function seatAcceptedFrom(data: AdvisorySeatAcceptedData): AdvisorySeatAcceptedData {
  if (data.termEnd !== undefined && data.termEnd < data.termStart)
    throw invalid(
      advisoryBoardRefusals.termEndsBeforeStart,
      `A term starting on ${data.termStart} cannot end on ${data.termEnd}`,
    );
  return {
    boardId: data.boardId,
    boardName: data.boardName,
    partnerId: data.partnerId,
    termStart: data.termStart,
    ...(data.termEnd === undefined ? {} : { termEnd: data.termEnd }),
  };
}

const byTermStart = (a: AdvisorySeatTerm, b: AdvisorySeatTerm): number =>
  a.termStart < b.termStart ? -1 : a.termStart > b.termStart ? 1 : 0;

const isSameTerm = (term: AdvisorySeatTerm, accepted: AdvisorySeatAcceptedData): boolean =>
  term.termStart === accepted.termStart && term.termEnd === accepted.termEnd;

// A seat lasts until the earlier of its term end and the day it was ended; no end means it is still held.
const lastDayOf = ({ termEnd, endedOn }: AdvisorySeatTerm): string | undefined => {
  if (termEnd === undefined || endedOn === undefined) return termEnd ?? endedOn;
  return endedOn < termEnd ? endedOn : termEnd;
};

function overlaps(term: AdvisorySeatTerm, accepted: AdvisorySeatAcceptedData): boolean {
  const heldUntil = lastDayOf(term);
  const startsBeforeHeldSeatEnds = heldUntil === undefined || accepted.termStart <= heldUntil;
  const endsAfterHeldSeatStarts = accepted.termEnd === undefined || accepted.termEnd >= term.termStart;
  return startsBeforeHeldSeatEnds && endsAfterHeldSeatStarts;
}
