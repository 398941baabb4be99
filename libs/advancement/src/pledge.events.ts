import type { DomainEvent, Money } from '@continuum/kernel';

export interface PledgeMadeData {
  readonly pledgeId: string;
  readonly partnerId: string;
  readonly amount: Money;
  readonly designation: string;
  /** YYYY-MM-DD */
  readonly madeOn: string;
  /** YYYY-MM-DD */
  readonly dueBy?: string;
}

export interface PledgePaymentAppliedData {
  readonly pledgeId: string;
  readonly partnerId: string;
  /** The gift (giftType PLEDGE_PAYMENT) that pays this instalment; a pledge applies each gift once. */
  readonly giftId: string;
  readonly amount: Money;
  readonly paidOn: string;
  /** What is still owed after this payment, never below zero. */
  readonly outstanding: Money;
  /** Present only when the payment was more than what was owed. */
  readonly overpaid?: Money;
}

export interface PledgeFulfilledData {
  readonly pledgeId: string;
  readonly partnerId: string;
  readonly fulfilledOn: string;
  /** Everything paid against the pledge, overpayment included. */
  readonly paid: Money;
}

export interface PledgeWrittenOffData {
  readonly pledgeId: string;
  readonly partnerId: string;
  readonly reason: string;
  readonly writtenOffOn: string;
  /** The outstanding amount given up on. */
  readonly amountWrittenOff: Money;
}

export type PledgeMade = DomainEvent<'PledgeMade', PledgeMadeData>;
export type PledgePaymentApplied = DomainEvent<'PledgePaymentApplied', PledgePaymentAppliedData>;
export type PledgeFulfilled = DomainEvent<'PledgeFulfilled', PledgeFulfilledData>;
export type PledgeWrittenOff = DomainEvent<'PledgeWrittenOff', PledgeWrittenOffData>;
export type PledgeEvent = PledgeMade | PledgePaymentApplied | PledgeFulfilled | PledgeWrittenOff;

export const pledgeEventTypes = [
  'PledgeMade',
  'PledgePaymentApplied',
  'PledgeFulfilled',
  'PledgeWrittenOff',
] as const satisfies readonly PledgeEvent['type'][];
