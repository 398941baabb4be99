import {
  giftEventTypes,
  giftStream,
  pledgeEventTypes,
  pledgeStream,
  type GiftEvent,
  type PledgeEvent,
} from '@continuum/advancement';
import {
  internshipPlacementEventTypes,
  internshipPlacementStream,
  recruitingEventAttendanceEventTypes,
  recruitingEventAttendanceStream,
  type InternshipPlacementEvent,
  type RecruitingEventAttendanceEvent,
} from '@continuum/careers';
import {
  advisoryBoardEventTypes,
  advisoryBoardStream,
  capstoneEventTypes,
  capstoneStream,
  type AdvisoryBoardEvent,
  type CapstoneEvent,
} from '@continuum/curriculum';
import type { RecordedEvent } from '@continuum/event-store';
import {
  researchAgreementEventTypes,
  researchAgreementStream,
  type ResearchAgreementEvent,
} from '@continuum/research';
import { taskEventTypes, taskStream, type TaskEvent } from '@continuum/tasks';
import { licenseEventTypes, licenseStream, type LicenseEvent } from '@continuum/tech-transfer';
import {
  trainingContractEventTypes,
  trainingContractStream,
  type TrainingContractEvent,
} from '@continuum/workforce';
import { partnerStream } from '../partner';
import { partnerEventTypes, type PartnerEvent } from '../partner.events';

/** Every event the partner views read: the partner's own, each line's (all carry partnerId), and tasks. */
export type PartnerViewEvent =
  | PartnerEvent
  | ResearchAgreementEvent
  | InternshipPlacementEvent
  | RecruitingEventAttendanceEvent
  | GiftEvent
  | PledgeEvent
  | AdvisoryBoardEvent
  | CapstoneEvent
  | TrainingContractEvent
  | LicenseEvent
  | TaskEvent;

const categoryOf = (stream: (id: string) => string): string => stream('x').split('-')[0] ?? '';

/** Stream categories of those events, taken from each context's own stream naming. */
export const partnerViewCategories: readonly string[] = [
  partnerStream,
  researchAgreementStream,
  internshipPlacementStream,
  recruitingEventAttendanceStream,
  giftStream,
  pledgeStream,
  advisoryBoardStream,
  capstoneStream,
  trainingContractStream,
  licenseStream,
  taskStream,
].map(categoryOf);

const knownTypes: ReadonlySet<string> = new Set<PartnerViewEvent['type']>([
  ...partnerEventTypes,
  ...researchAgreementEventTypes,
  ...internshipPlacementEventTypes,
  ...recruitingEventAttendanceEventTypes,
  ...giftEventTypes,
  ...pledgeEventTypes,
  ...advisoryBoardEventTypes,
  ...capstoneEventTypes,
  ...trainingContractEventTypes,
  ...licenseEventTypes,
  ...taskEventTypes,
]);

/** The typed event with its business time; undefined for a type these views do not know (yet). */
export function viewEventOf(recorded: RecordedEvent): { event: PartnerViewEvent; at: string } | undefined {
  if (!knownTypes.has(recorded.type)) return undefined;
  const event = { type: recorded.type, data: recorded.data } as PartnerViewEvent;
  const occurredAt = recorded.metadata.occurredAt;
  const at =
    typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt))
      ? new Date(occurredAt).toISOString()
      : recorded.recordedAt.toISOString();
  return { event, at };
}
