import type { PlaybookEvent } from '../playbook';

/** The office's continuum lines, one per campus domain. */
export const continuumLines = [
  'research',
  'careers',
  'advancement',
  'curriculum',
  'workforce',
  'tech-transfer',
] as const;
export type ContinuumLine = (typeof continuumLines)[number];

/**
 * Events that show a partner engaging in a line. Endings (termination, expiry, write-off, a seat or
 * licence ending) are left out: they say a relationship stopped, not that it is active.
 */
export const activityLineOf = {
  AgreementSigned: 'research',
  AgreementAmended: 'research',
  InternPlaced: 'careers',
  PlacementCompleted: 'careers',
  InternConvertedToHire: 'careers',
  RecruitingEventAttended: 'careers',
  GiftReceived: 'advancement',
  PledgeMade: 'advancement',
  PledgePaymentApplied: 'advancement',
  PledgeFulfilled: 'advancement',
  AdvisorySeatAccepted: 'curriculum',
  CapstoneSponsored: 'curriculum',
  CapstoneCompleted: 'curriculum',
  TrainingContractSigned: 'workforce',
  TrainingSeatsChanged: 'workforce',
  TrainingContractCompleted: 'workforce',
  LicenseExecuted: 'tech-transfer',
} as const satisfies Record<string, ContinuumLine>;

export type ActivityEventType = keyof typeof activityLineOf;

export const activityEventTypes = Object.keys(activityLineOf) as readonly ActivityEventType[];

export const lineOf = (type: string): ContinuumLine | undefined =>
  Object.hasOwn(activityLineOf, type) ? activityLineOf[type as ActivityEventType] : undefined;

/** Every continuum event names its company as `partnerId`. */
export const partnerIdOf = (event: PlaybookEvent): string | undefined =>
  typeof event.data.partnerId === 'string' ? event.data.partnerId : undefined;
