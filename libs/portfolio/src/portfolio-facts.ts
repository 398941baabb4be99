import type { GiftEvent, PledgeEvent } from '@continuum/advancement';
import type { InternshipPlacementEvent, RecruitingEventAttendanceEvent } from '@continuum/careers';
import type { AdvisoryBoardEvent, CapstoneEvent } from '@continuum/curriculum';
import type { RecordedEvent } from '@continuum/event-store';
import { fromMinor, toMinor, type Money } from '@continuum/kernel';
import type { PartnerEvent, PartnerTier } from '@continuum/partners';
import type { ResearchAgreementEvent } from '@continuum/research';
import type { LicenseEvent } from '@continuum/tech-transfer';
import type { TrainingContractEvent } from '@continuum/workforce';

/** The continuum lines, in the order the portfolio reports them. */
export const portfolioLines = [
  'research',
  'placements',
  'recruiting',
  'giving',
  'advisory',
  'capstones',
  'training',
  'licensing',
] as const;
export type PortfolioLine = (typeof portfolioLines)[number];

/** What the portfolio totals: one row per thing a line produced, on its business day. */
export type PortfolioItem =
  | 'agreement'
  | 'placement'
  | 'hire'
  | 'recruiting-attendance'
  | 'gift'
  | 'pledge'
  | 'advisory-seat'
  | 'capstone'
  | 'training-contract'
  | 'license';

export type PortfolioFact =
  | {
      readonly fact: 'item';
      readonly key: string;
      readonly item: PortfolioItem;
      readonly line: PortfolioLine;
      readonly partnerId: string;
      /** YYYY-MM-DD */
      readonly onDay: string;
      /** Agreement kind, gift type or licence type. */
      readonly subtype?: string;
      readonly money?: Money;
      readonly quantity?: number;
    }
  /** The item's value as amended: it keeps the day it was first recorded on. */
  | { readonly fact: 'item-money'; readonly key: string; readonly money: Money }
  | { readonly fact: 'item-quantity'; readonly key: string; readonly quantity: number }
  /** A signed change of what pledges still owe (made: +, paid or written off: −). */
  | {
      readonly fact: 'pledge-balance';
      readonly entryId: string;
      readonly pledgeId: string;
      readonly partnerId: string;
      readonly onDay: string;
      readonly change: Money;
    }
  /** Every line event is one unit of a partner's activity in its line, on its business day. */
  | {
      readonly fact: 'activity';
      readonly eventId: string;
      readonly partnerId: string;
      readonly line: PortfolioLine;
      readonly onDay: string;
    }
  | { readonly fact: 'partner-name'; readonly partnerId: string; readonly name: string }
  | { readonly fact: 'partner-tier'; readonly partnerId: string; readonly tier: PartnerTier }
  /** A duplicate merged into its survivor (null: the merge was undone); its lines count for the survivor. */
  | { readonly fact: 'partner-merge'; readonly partnerId: string; readonly survivorId: string | null };

type PortfolioEvent =
  | ResearchAgreementEvent
  | InternshipPlacementEvent
  | RecruitingEventAttendanceEvent
  | GiftEvent
  | PledgeEvent
  | AdvisoryBoardEvent
  | CapstoneEvent
  | TrainingContractEvent
  | LicenseEvent
  | PartnerEvent;

type Handlers = {
  readonly [T in PortfolioEvent['type']]: (
    data: Extract<PortfolioEvent, { type: T }>['data'],
    event: RecordedEvent,
  ) => readonly PortfolioFact[];
};

/** Stream categories of every line and of partners: the projection's feed filter. */
export const portfolioStreamCategories = [
  'partner',
  'agreement',
  'placement',
  'recruiting',
  'gift',
  'pledge',
  'advisory',
  'capstone',
  'training',
  'license',
] as const;

const dayOf = (instant: string | Date): string => new Date(instant).toISOString().slice(0, 10);

/** For a fact whose data names no day: when it happened in the world, else when it was recorded. */
const occurredOn = (event: RecordedEvent): string => {
  const occurredAt = event.metadata.occurredAt;
  return occurredAt !== undefined && !Number.isNaN(Date.parse(occurredAt))
    ? dayOf(occurredAt)
    : dayOf(event.recordedAt);
};

const activity = (
  event: RecordedEvent,
  line: PortfolioLine,
  partnerId: string,
  onDay: string,
): PortfolioFact => ({ fact: 'activity', eventId: event.id, partnerId, line, onDay });

const negate = (money: Money): Money => ({
  amount: fromMinor(-toMinor(money.amount)),
  currency: money.currency,
});

const none: () => readonly PortfolioFact[] = () => [];

const handlers: Handlers = {
  AgreementSigned: (d, e) => [
    {
      fact: 'item',
      key: `agreement:${d.agreementId}`,
      item: 'agreement',
      line: 'research',
      partnerId: d.partnerId,
      onDay: d.effectiveDate,
      subtype: d.kind,
      ...(d.value ? { money: d.value } : {}),
    },
    activity(e, 'research', d.partnerId, d.effectiveDate),
  ],
  AgreementAmended: (d, e) => [
    ...(d.value ? [{ fact: 'item-money' as const, key: `agreement:${d.agreementId}`, money: d.value }] : []),
    activity(e, 'research', d.partnerId, d.amendedOn),
  ],
  AgreementTerminated: (d, e) => [activity(e, 'research', d.partnerId, d.terminatedOn)],
  AgreementExpired: (d, e) => [activity(e, 'research', d.partnerId, d.endDate)],

  InternPlaced: (d, e) => [
    {
      fact: 'item',
      key: `placement:${d.placementId}`,
      item: 'placement',
      line: 'placements',
      partnerId: d.partnerId,
      onDay: d.startDate,
    },
    activity(e, 'placements', d.partnerId, d.startDate),
  ],
  PlacementCompleted: (d, e) => [activity(e, 'placements', d.partnerId, d.completedOn ?? occurredOn(e))],
  InternConvertedToHire: (d, e) => [
    {
      fact: 'item',
      key: `hire:${d.placementId}`,
      item: 'hire',
      line: 'placements',
      partnerId: d.partnerId,
      onDay: d.hiredOn,
    },
    activity(e, 'placements', d.partnerId, d.hiredOn),
  ],

  RecruitingEventAttended: (d, e) => [
    {
      fact: 'item',
      key: `recruiting:${d.eventId}:${d.partnerId}`,
      item: 'recruiting-attendance',
      line: 'recruiting',
      partnerId: d.partnerId,
      onDay: d.date,
      ...(d.recruiters === undefined ? {} : { quantity: d.recruiters }),
    },
    activity(e, 'recruiting', d.partnerId, d.date),
  ],

  GiftReceived: (d, e) => [
    {
      fact: 'item',
      key: `gift:${d.giftId}`,
      item: 'gift',
      line: 'giving',
      partnerId: d.partnerId,
      onDay: d.receivedOn,
      subtype: d.giftType,
      money: d.amount,
    },
    activity(e, 'giving', d.partnerId, d.receivedOn),
  ],
  GiftAcknowledged: (d, e) => [activity(e, 'giving', d.partnerId, dayOf(d.acknowledgedAt))],
  PledgeMade: (d, e) => [
    {
      fact: 'item',
      key: `pledge:${d.pledgeId}`,
      item: 'pledge',
      line: 'giving',
      partnerId: d.partnerId,
      onDay: d.madeOn,
      money: d.amount,
    },
    {
      fact: 'pledge-balance',
      entryId: e.id,
      pledgeId: d.pledgeId,
      partnerId: d.partnerId,
      onDay: d.madeOn,
      change: d.amount,
    },
    activity(e, 'giving', d.partnerId, d.madeOn),
  ],
  PledgePaymentApplied: (d, e) => {
    // An overpayment pays more than was owed: only what was owed leaves the balance.
    const settled = toMinor(d.amount.amount) - toMinor(d.overpaid?.amount ?? '0');
    const change = { amount: fromMinor(-settled), currency: d.amount.currency };
    return [
      {
        fact: 'pledge-balance',
        entryId: e.id,
        pledgeId: d.pledgeId,
        partnerId: d.partnerId,
        onDay: d.paidOn,
        change,
      },
      activity(e, 'giving', d.partnerId, d.paidOn),
    ];
  },
  PledgeFulfilled: (d, e) => [activity(e, 'giving', d.partnerId, d.fulfilledOn)],
  PledgeWrittenOff: (d, e) => [
    {
      fact: 'pledge-balance',
      entryId: e.id,
      pledgeId: d.pledgeId,
      partnerId: d.partnerId,
      onDay: d.writtenOffOn,
      change: negate(d.amountWrittenOff),
    },
    activity(e, 'giving', d.partnerId, d.writtenOffOn),
  ],

  AdvisorySeatAccepted: (d, e) => [
    {
      fact: 'item',
      key: `advisory:${d.boardId}:${d.partnerId}:${d.termStart}`,
      item: 'advisory-seat',
      line: 'advisory',
      partnerId: d.partnerId,
      onDay: d.termStart,
    },
    activity(e, 'advisory', d.partnerId, d.termStart),
  ],
  AdvisorySeatEnded: (d, e) => [activity(e, 'advisory', d.partnerId, d.endedOn)],

  // A capstone names only its academic term, so it counts on the day its sponsorship happened.
  CapstoneSponsored: (d, e) => [
    {
      fact: 'item',
      key: `capstone:${d.projectId}`,
      item: 'capstone',
      line: 'capstones',
      partnerId: d.partnerId,
      onDay: occurredOn(e),
      ...(d.value ? { money: d.value } : {}),
    },
    activity(e, 'capstones', d.partnerId, occurredOn(e)),
  ],
  CapstoneCompleted: (d, e) => [activity(e, 'capstones', d.partnerId, d.completedOn)],

  TrainingContractSigned: (d, e) => [
    {
      fact: 'item',
      key: `training:${d.contractId}`,
      item: 'training-contract',
      line: 'training',
      partnerId: d.partnerId,
      onDay: d.startDate,
      quantity: d.seats,
      ...(d.value ? { money: d.value } : {}),
    },
    activity(e, 'training', d.partnerId, d.startDate),
  ],
  TrainingSeatsChanged: (d, e) => [
    { fact: 'item-quantity', key: `training:${d.contractId}`, quantity: d.seats },
    activity(e, 'training', d.partnerId, d.changedOn),
  ],
  TrainingContractCompleted: (d, e) => [activity(e, 'training', d.partnerId, d.completedOn)],

  LicenseExecuted: (d, e) => [
    {
      fact: 'item',
      key: `license:${d.licenseId}`,
      item: 'license',
      line: 'licensing',
      partnerId: d.partnerId,
      onDay: d.executedOn,
      subtype: d.licenseType,
      ...(d.upfrontFee ? { money: d.upfrontFee } : {}),
    },
    activity(e, 'licensing', d.partnerId, d.executedOn),
  ],
  LicenseTerminated: (d, e) => [activity(e, 'licensing', d.partnerId, d.terminatedOn)],

  PartnerRegistered: (d) => [
    { fact: 'partner-name', partnerId: d.partnerId, name: d.name },
    { fact: 'partner-tier', partnerId: d.partnerId, tier: d.tier },
  ],
  PartnerRenamed: (d) => [{ fact: 'partner-name', partnerId: d.partnerId, name: d.name }],
  TierChanged: (d) => [{ fact: 'partner-tier', partnerId: d.partnerId, tier: d.to }],
  PartnerMergedInto: (d) => [{ fact: 'partner-merge', partnerId: d.partnerId, survivorId: d.survivorId }],
  PartnerMergeUndone: (d) => [{ fact: 'partner-merge', partnerId: d.partnerId, survivorId: null }],
  ExternalRecordLinked: none,
  ExternalRecordUnlinked: none,
  RelationshipOwnerAssigned: none,
  ExecutiveSponsorAssigned: none,
  ContactAffiliated: none,
  ContactPermissionChanged: none,
  ContactAffiliationEnded: none,
  InteractionLogged: none,
  DuplicateAbsorbed: none,
  DuplicateReleased: none,
};

/** What one recorded event adds to the portfolio: a pure function of the event, so a rebuild equals live. */
export function portfolioFactsOf(event: RecordedEvent): readonly PortfolioFact[] {
  if (!Object.hasOwn(handlers, event.type)) return [];
  const handle = handlers[event.type as PortfolioEvent['type']] as (
    data: unknown,
    recorded: RecordedEvent,
  ) => readonly PortfolioFact[];
  return handle(event.data, event);
}
