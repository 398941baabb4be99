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
} from '@continuum/kernel';

/** The contract's `giftType` enum (edu.university.advancement.gift-received.v1). */
export const giftTypes = ['CASH', 'IN_KIND', 'PLEDGE_PAYMENT', 'MATCHING', 'SPONSORSHIP'] as const;
export type GiftType = (typeof giftTypes)[number];

export const acknowledgementChannels = ['letter', 'email', 'call', 'visit'] as const;
export type AcknowledgementChannel = (typeof acknowledgementChannels)[number];

export const giftRefusals = {
  notFound: 'gift-not-found',
  alreadyRecorded: 'gift-already-recorded',
  alreadyAcknowledged: 'gift-already-acknowledged',
  amountNotPositive: 'gift-amount-not-positive',
  pledgePaymentNeedsPledge: 'pledge-payment-needs-pledge',
} as const;

export interface GiftReceivedData {
  readonly giftId: string;
  readonly partnerId: string;
  readonly amount: Money;
  readonly giftType: GiftType;
  readonly designation: string;
  /** YYYY-MM-DD */
  readonly receivedOn: string;
  readonly pledgeId?: string;
}

export interface GiftAcknowledgedData {
  readonly giftId: string;
  readonly partnerId: string;
  /** Staff id of whoever thanked the donor. */
  readonly acknowledgedBy: string;
  /** ISO 8601 timestamp */
  readonly acknowledgedAt: string;
  readonly channel?: AcknowledgementChannel;
}

export type GiftReceived = DomainEvent<'GiftReceived', GiftReceivedData>;
export type GiftAcknowledged = DomainEvent<'GiftAcknowledged', GiftAcknowledgedData>;
export type GiftEvent = GiftReceived | GiftAcknowledged;

export const giftEventTypes = [
  'GiftReceived',
  'GiftAcknowledged',
] as const satisfies readonly GiftEvent['type'][];

export type RecordGiftReceived = DomainCommand<'RecordGiftReceived', GiftReceivedData>;
export type AcknowledgeGift = DomainCommand<
  'AcknowledgeGift',
  {
    readonly giftId: string;
    readonly acknowledgedBy: string;
    readonly acknowledgedAt: string;
    readonly channel?: AcknowledgementChannel;
  }
>;
export type GiftCommand = RecordGiftReceived | AcknowledgeGift;

export type GiftState =
  | { readonly status: 'unrecorded' }
  | { readonly status: 'received'; readonly gift: GiftReceivedData }
  | {
      readonly status: 'acknowledged';
      readonly gift: GiftReceivedData;
      readonly acknowledgement: GiftAcknowledgedData;
    };

export const giftStream = (giftId: string): string => `gift-${giftId}`;

const initialState = (): GiftState => ({ status: 'unrecorded' });

const decide = (command: GiftCommand, state: GiftState): GiftEvent[] => {
  switch (command.type) {
    case 'RecordGiftReceived': {
      const received = giftReceivedFrom(command.data);
      if (state.status === 'unrecorded') return [{ type: 'GiftReceived', data: received }];
      if (sameGift(state.gift, received)) return [];
      throw ruleBroken(
        giftRefusals.alreadyRecorded,
        `Gift ${received.giftId} is already recorded with different details`,
      );
    }
    case 'AcknowledgeGift': {
      const { giftId, acknowledgedBy, acknowledgedAt, channel } = command.data;
      if (state.status === 'unrecorded')
        throw notFound(giftRefusals.notFound, `Gift ${giftId} has not been recorded`);
      if (state.status === 'acknowledged')
        throw ruleBroken(giftRefusals.alreadyAcknowledged, `Gift ${giftId} is already acknowledged`);
      return [
        {
          type: 'GiftAcknowledged',
          data: {
            giftId,
            partnerId: state.gift.partnerId,
            acknowledgedBy,
            acknowledgedAt,
            ...(channel === undefined ? {} : { channel }),
          },
        },
      ];
    }
  }
};

const evolve = (state: GiftState, event: GiftEvent): GiftState => {
  switch (event.type) {
    case 'GiftReceived':
      return { status: 'received', gift: event.data };
    case 'GiftAcknowledged':
      if (state.status === 'unrecorded') return state;
      return { status: 'acknowledged', gift: state.gift, acknowledgement: event.data };
  }
};

export const giftDecider: Decider<GiftCommand, GiftEvent, GiftState> = { decide, evolve, initialState };

function giftReceivedFrom(data: GiftReceivedData): GiftReceivedData {
  // Normalised so that "25000" and "25000.00" count as the same gift when it is sent again.
  const amount = money(data.amount.amount, data.amount.currency);
  if (compareMoney(amount, zero(amount.currency)) <= 0)
    throw invalid(giftRefusals.amountNotPositive, `Gift amount ${amount.amount} must be more than zero`);
  if (data.giftType === 'PLEDGE_PAYMENT' && !data.pledgeId)
    throw invalid(giftRefusals.pledgePaymentNeedsPledge, `Pledge payment ${data.giftId} names no pledge`);
  return {
    giftId: data.giftId,
    partnerId: data.partnerId,
    amount,
    giftType: data.giftType,
    designation: data.designation,
    receivedOn: data.receivedOn,
    ...(data.pledgeId === undefined ? {} : { pledgeId: data.pledgeId }),
  };
}

const sameGift = (recorded: GiftReceivedData, again: GiftReceivedData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.amount.currency === again.amount.currency &&
  compareMoney(recorded.amount, again.amount) === 0 &&
  recorded.giftType === again.giftType &&
  recorded.designation === again.designation &&
  recorded.receivedOn === again.receivedOn &&
  recorded.pledgeId === again.pledgeId;
