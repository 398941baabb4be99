import { invalid, type Decider, type DomainCommand, type DomainEvent } from '@continuum/kernel';

export const recruitingEventAttendanceRefusals = {
  recruitersNotACount: 'recruiters-not-a-count',
} as const;

export interface RecruitingEventAttendedData {
  readonly eventId: string;
  readonly partnerId: string;
  readonly eventName: string;
  /** YYYY-MM-DD */
  readonly date: string;
  /** How many recruiters the company sent, when career services counted them. */
  readonly recruiters?: number;
}

export type RecruitingEventAttended = DomainEvent<'RecruitingEventAttended', RecruitingEventAttendedData>;
export type RecruitingEventAttendanceEvent = RecruitingEventAttended;

export const recruitingEventAttendanceEventTypes = [
  'RecruitingEventAttended',
] as const satisfies readonly RecruitingEventAttendanceEvent['type'][];

export type RecordRecruitingEventAttended = DomainCommand<
  'RecordRecruitingEventAttended',
  RecruitingEventAttendedData
>;
export type RecruitingEventAttendanceCommand = RecordRecruitingEventAttended;

export interface RecruitingAttendee {
  readonly partnerId: string;
  readonly recruiters?: number;
}

export interface RecruitingEventAttendanceState {
  /** Name and date as first reported for this event. */
  readonly event?: { readonly eventId: string; readonly eventName: string; readonly date: string };
  /** Companies that attended, by partnerId. */
  readonly attendees: Readonly<Record<string, RecruitingAttendee>>;
}

/** One stream per recruiting event: every company that attended it is recorded there. */
export const recruitingEventAttendanceStream = (eventId: string): string => `recruiting-${eventId}`;

const initialState = (): RecruitingEventAttendanceState => ({ attendees: {} });

// One command and one event so far: no switch, which lint would flag as always true.
const decide = (
  command: RecruitingEventAttendanceCommand,
  state: RecruitingEventAttendanceState,
): RecruitingEventAttendanceEvent[] => {
  const { eventId, partnerId, eventName, date, recruiters } = command.data;
  if (recruiters !== undefined && (!Number.isInteger(recruiters) || recruiters < 0))
    throw invalid(
      recruitingEventAttendanceRefusals.recruitersNotACount,
      `${recruiters} is not a number of recruiters`,
    );
  if (Object.hasOwn(state.attendees, partnerId)) return [];
  return [
    {
      type: 'RecruitingEventAttended',
      data: { eventId, partnerId, eventName, date, ...(recruiters === undefined ? {} : { recruiters }) },
    },
  ];
};

const evolve = (
  state: RecruitingEventAttendanceState,
  event: RecruitingEventAttendanceEvent,
): RecruitingEventAttendanceState => {
  const { eventId, partnerId, eventName, date, recruiters } = event.data;
  const attendee: RecruitingAttendee = { partnerId, ...(recruiters === undefined ? {} : { recruiters }) };
  return {
    event: state.event ?? { eventId, eventName, date },
    attendees: { ...state.attendees, [partnerId]: attendee },
  };
};

export const recruitingEventAttendanceDecider: Decider<
  RecruitingEventAttendanceCommand,
  RecruitingEventAttendanceEvent,
  RecruitingEventAttendanceState
> = { decide, evolve, initialState };
