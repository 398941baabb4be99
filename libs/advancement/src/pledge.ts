import {
  addMoney,
  compareMoney,
  fromMinor,
  invalid,
  money,
  notFound,
  ruleBroken,
  toMinor,
  zero,
  type Decider,
  type DomainCommand,
  type Money,
  sameMoney,
} from '@continuum/kernel';
import type {
  PledgeEvent,
  PledgeMadeData,
  PledgePaymentApplied,
  PledgeWrittenOffData,
} from './pledge.events';

export * from './pledge.events';

export const pledgeRefusals = {
  notFound: 'pledge-not-found',
  alreadyRecorded: 'pledge-already-recorded',
  amountNotPositive: 'pledge-amount-not-positive',
  dueBeforeMade: 'pledge-due-before-made',
  paymentNotPositive: 'pledge-payment-not-positive',
  currencyMismatch: 'pledge-currency-mismatch',
  paymentAlreadyApplied: 'pledge-payment-already-applied',
  alreadyFulfilled: 'pledge-already-fulfilled',
  writtenOff: 'pledge-written-off',
} as const;

export type RecordPledgeMade = DomainCommand<'RecordPledgeMade', PledgeMadeData>;
export type ApplyPledgePayment = DomainCommand<
  'ApplyPledgePayment',
  { readonly pledgeId: string; readonly giftId: string; readonly amount: Money; readonly paidOn: string }
>;
export type WriteOffPledge = DomainCommand<
  'WriteOffPledge',
  { readonly pledgeId: string; readonly reason: string; readonly writtenOffOn: string }
>;
export type PledgeCommand = RecordPledgeMade | ApplyPledgePayment | WriteOffPledge;

export interface PledgePayment {
  readonly amount: Money;
  readonly paidOn: string;
}

export interface RecordedPledge {
  readonly status: 'open' | 'fulfilled' | 'written-off';
  readonly pledge: PledgeMadeData;
  readonly paid: Money;
  readonly outstanding: Money;
  readonly overpaid: Money;
  /** Keyed by giftId. */
  readonly payments: Readonly<Record<string, PledgePayment>>;
  readonly writeOff?: PledgeWrittenOffData;
}

export type PledgeState = { readonly status: 'unrecorded' } | RecordedPledge;

export const pledgeStream = (pledgeId: string): string => `pledge-${pledgeId}`;

const initialState = (): PledgeState => ({ status: 'unrecorded' });

const decide = (command: PledgeCommand, state: PledgeState): PledgeEvent[] => {
  switch (command.type) {
    case 'RecordPledgeMade': {
      const made = pledgeMadeFrom(command.data);
      if (state.status === 'unrecorded') return [{ type: 'PledgeMade', data: made }];
      if (samePledge(state.pledge, made)) return [];
      throw ruleBroken(
        pledgeRefusals.alreadyRecorded,
        `Pledge ${made.pledgeId} is already recorded with different details`,
      );
    }
    case 'ApplyPledgePayment':
      return applyPayment(command.data, recordedPledge(state, command.data.pledgeId));
    case 'WriteOffPledge': {
      const { pledgeId, reason, writtenOffOn } = command.data;
      const pledge = recordedPledge(state, pledgeId);
      if (pledge.status === 'fulfilled')
        throw ruleBroken(pledgeRefusals.alreadyFulfilled, `Pledge ${pledgeId} is fulfilled`);
      if (pledge.writeOff) {
        if (pledge.writeOff.reason === reason && pledge.writeOff.writtenOffOn === writtenOffOn) return [];
        throw ruleBroken(pledgeRefusals.writtenOff, `Pledge ${pledgeId} is already written off`);
      }
      const { partnerId } = pledge.pledge;
      const amountWrittenOff = pledge.outstanding;
      return [
        { type: 'PledgeWrittenOff', data: { pledgeId, partnerId, reason, writtenOffOn, amountWrittenOff } },
      ];
    }
  }
};

const evolve = (state: PledgeState, event: PledgeEvent): PledgeState => {
  if (event.type === 'PledgeMade') {
    const none = zero(event.data.amount.currency);
    return {
      status: 'open',
      pledge: event.data,
      paid: none,
      outstanding: event.data.amount,
      overpaid: none,
      payments: {},
    };
  }
  if (state.status === 'unrecorded') return state;
  switch (event.type) {
    case 'PledgePaymentApplied': {
      const { giftId, amount, paidOn, outstanding, overpaid } = event.data;
      return {
        ...state,
        paid: addMoney(state.paid, amount),
        outstanding,
        overpaid: overpaid ? addMoney(state.overpaid, overpaid) : state.overpaid,
        payments: { ...state.payments, [giftId]: { amount, paidOn } },
      };
    }
    case 'PledgeFulfilled':
      return { ...state, status: 'fulfilled' };
    case 'PledgeWrittenOff':
      return { ...state, status: 'written-off', writeOff: event.data };
  }
};

export const pledgeDecider: Decider<PledgeCommand, PledgeEvent, PledgeState> = {
  decide,
  evolve,
  initialState,
};

function applyPayment(payment: ApplyPledgePayment['data'], pledge: RecordedPledge): PledgeEvent[] {
  const { pledgeId, giftId, paidOn } = payment;
  const amount = money(payment.amount.amount, payment.amount.currency);
  // A gift is applied once: the same gift again is a redelivery, not a second payment.
  const earlier = Object.hasOwn(pledge.payments, giftId) ? pledge.payments[giftId] : undefined;
  if (earlier) {
    if (sameMoney(earlier.amount, amount) && earlier.paidOn === paidOn) return [];
    throw ruleBroken(
      pledgeRefusals.paymentAlreadyApplied,
      `Gift ${giftId} is already applied to pledge ${pledgeId} with a different amount or date`,
    );
  }
  if (pledge.status === 'fulfilled')
    throw ruleBroken(pledgeRefusals.alreadyFulfilled, `Pledge ${pledgeId} is fulfilled`);
  if (pledge.status === 'written-off')
    throw ruleBroken(pledgeRefusals.writtenOff, `Pledge ${pledgeId} is written off`);
  if (amount.currency !== pledge.outstanding.currency)
    throw invalid(
      pledgeRefusals.currencyMismatch,
      `Pledge ${pledgeId} is in ${pledge.outstanding.currency}, the payment in ${amount.currency}`,
    );
  if (compareMoney(amount, zero(amount.currency)) <= 0)
    throw invalid(pledgeRefusals.paymentNotPositive, `A payment of ${amount.amount} pays nothing`);

  // An overpayment is accepted: the money was received; the excess is recorded, not lost.
  const remainder = subtractMoney(pledge.outstanding, amount);
  const isOverpaid = compareMoney(remainder, zero(amount.currency)) < 0;
  const outstanding = isOverpaid ? zero(amount.currency) : remainder;
  const { partnerId } = pledge.pledge;
  const applied: PledgePaymentApplied = {
    type: 'PledgePaymentApplied',
    data: {
      pledgeId,
      partnerId,
      giftId,
      amount,
      paidOn,
      outstanding,
      ...(isOverpaid ? { overpaid: subtractMoney(amount, pledge.outstanding) } : {}),
    },
  };
  if (compareMoney(outstanding, zero(amount.currency)) > 0) return [applied];
  const paid = addMoney(pledge.paid, amount);
  return [applied, { type: 'PledgeFulfilled', data: { pledgeId, partnerId, fulfilledOn: paidOn, paid } }];
}

function recordedPledge(state: PledgeState, pledgeId: string): RecordedPledge {
  if (state.status === 'unrecorded')
    throw notFound(pledgeRefusals.notFound, `Pledge ${pledgeId} has not been recorded`);
  return state;
}

function pledgeMadeFrom(data: PledgeMadeData): PledgeMadeData {
  const amount = money(data.amount.amount, data.amount.currency);
  if (compareMoney(amount, zero(amount.currency)) <= 0)
    throw invalid(pledgeRefusals.amountNotPositive, `Pledge amount ${amount.amount} must be more than zero`);
  if (data.dueBy !== undefined && data.dueBy < data.madeOn)
    throw invalid(pledgeRefusals.dueBeforeMade, `Pledge ${data.pledgeId} falls due before it was made`);
  return {
    pledgeId: data.pledgeId,
    partnerId: data.partnerId,
    amount,
    designation: data.designation,
    madeOn: data.madeOn,
    ...(data.dueBy === undefined ? {} : { dueBy: data.dueBy }),
  };
}

const subtractMoney = (a: Money, b: Money): Money => ({
  amount: fromMinor(toMinor(a.amount) - toMinor(b.amount)),
  currency: a.currency,
});

const samePledge = (recorded: PledgeMadeData, again: PledgeMadeData): boolean =>
  recorded.partnerId === again.partnerId &&
  sameMoney(recorded.amount, again.amount) &&
  recorded.designation === again.designation &&
  recorded.madeOn === again.madeOn &&
  recorded.dueBy === again.dueBy;
