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

export const capstoneRefusals = {
  notFound: 'capstone-not-found',
  alreadyRecorded: 'capstone-already-recorded',
  alreadyCompleted: 'capstone-already-completed',
  valueNegative: 'capstone-value-negative',
} as const;

export interface CapstoneSponsoredData {
  readonly projectId: string;
  readonly partnerId: string;
  readonly course: string;
  /** The academic term as the curriculum system names it. */
  readonly term: string;
  readonly value?: Money;
}

export interface CapstoneCompletedData {
  readonly projectId: string;
  readonly partnerId: string;
  /** YYYY-MM-DD */
  readonly completedOn: string;
  readonly outcome?: string;
}

export type CapstoneSponsored = DomainEvent<'CapstoneSponsored', CapstoneSponsoredData>;
export type CapstoneCompleted = DomainEvent<'CapstoneCompleted', CapstoneCompletedData>;
export type CapstoneEvent = CapstoneSponsored | CapstoneCompleted;

export const capstoneEventTypes = [
  'CapstoneSponsored',
  'CapstoneCompleted',
] as const satisfies readonly CapstoneEvent['type'][];

export type RecordCapstoneSponsored = DomainCommand<'RecordCapstoneSponsored', CapstoneSponsoredData>;
export type CompleteCapstone = DomainCommand<
  'CompleteCapstone',
  { readonly projectId: string; readonly completedOn: string; readonly outcome?: string }
>;
export type CapstoneCommand = RecordCapstoneSponsored | CompleteCapstone;

export type CapstoneState =
  | { readonly status: 'unrecorded' }
  | { readonly status: 'sponsored'; readonly project: CapstoneSponsoredData }
  | {
      readonly status: 'completed';
      readonly project: CapstoneSponsoredData;
      readonly completion: CapstoneCompletedData;
    };

export const capstoneStream = (projectId: string): string => `capstone-${projectId}`;

const initialState = (): CapstoneState => ({ status: 'unrecorded' });

const decide = (command: CapstoneCommand, state: CapstoneState): CapstoneEvent[] => {
  switch (command.type) {
    case 'RecordCapstoneSponsored': {
      const sponsored = capstoneSponsoredFrom(command.data);
      if (state.status === 'unrecorded') return [{ type: 'CapstoneSponsored', data: sponsored }];
      if (sameProject(state.project, sponsored)) return [];
      throw ruleBroken(
        capstoneRefusals.alreadyRecorded,
        `Capstone project ${sponsored.projectId} is already recorded with different details`,
      );
    }
    case 'CompleteCapstone': {
      const { projectId, completedOn, outcome } = command.data;
      if (state.status === 'unrecorded')
        throw notFound(capstoneRefusals.notFound, `Capstone project ${projectId} has not been recorded`);
      if (state.status === 'completed') {
        const { completion } = state;
        if (completion.completedOn === completedOn && completion.outcome === outcome) return [];
        throw ruleBroken(
          capstoneRefusals.alreadyCompleted,
          `Capstone project ${projectId} already completed on ${completion.completedOn}`,
        );
      }
      const { partnerId } = state.project;
      return [
        {
          type: 'CapstoneCompleted',
          data: { projectId, partnerId, completedOn, ...(outcome === undefined ? {} : { outcome }) },
        },
      ];
    }
  }
};

const evolve = (state: CapstoneState, event: CapstoneEvent): CapstoneState => {
  switch (event.type) {
    case 'CapstoneSponsored':
      return { status: 'sponsored', project: event.data };
    case 'CapstoneCompleted':
      if (state.status === 'unrecorded') return state;
      return { status: 'completed', project: state.project, completion: event.data };
  }
};

export const capstoneDecider: Decider<CapstoneCommand, CapstoneEvent, CapstoneState> = {
  decide,
  evolve,
  initialState,
};

function capstoneSponsoredFrom(data: CapstoneSponsoredData): CapstoneSponsoredData {
  const value = data.value && money(data.value.amount, data.value.currency);
  if (value && compareMoney(value, zero(value.currency)) < 0)
    throw invalid(capstoneRefusals.valueNegative, `A sponsorship cannot be worth ${value.amount}`);
  return {
    projectId: data.projectId,
    partnerId: data.partnerId,
    course: data.course,
    term: data.term,
    ...(value === undefined ? {} : { value }),
  };
}

const sameProject = (recorded: CapstoneSponsoredData, again: CapstoneSponsoredData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.course === again.course &&
  recorded.term === again.term &&
  sameMoney(recorded.value, again.value);
