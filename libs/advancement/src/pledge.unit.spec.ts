import { fold, money } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  pledgeDecider,
  pledgeEventTypes,
  pledgeStream,
  type ApplyPledgePayment,
  type PledgeEvent,
  type PledgeMade,
  type PledgePaymentApplied,
  type RecordPledgeMade,
  type WriteOffPledge,
} from './pledge';

const given = specificationFor(pledgeDecider);
const usd = (amount: string) => money(amount, 'USD');

const record: RecordPledgeMade = {
  type: 'RecordPledgeMade',
  data: {
    pledgeId: 'P-1',
    partnerId: 'partner-1',
    amount: { amount: '100000', currency: 'USD' },
    designation: 'Robotics Chair',
    madeOn: '2026-01-15',
    dueBy: '2028-12-31',
  },
};

const made: PledgeMade = {
  type: 'PledgeMade',
  data: { ...record.data, amount: usd('100000.00') },
};

const madeFor = (amount: string): PledgeMade => ({
  type: 'PledgeMade',
  data: { ...made.data, amount: usd(amount) },
});

const pay = (
  giftId: string,
  amount: string,
  paidOn = '2026-06-01',
  currency = 'USD',
): ApplyPledgePayment => ({
  type: 'ApplyPledgePayment',
  data: { pledgeId: 'P-1', giftId, amount: { amount, currency }, paidOn },
});

const applied = (
  giftId: string,
  amount: string,
  outstanding: string,
  paidOn = '2026-06-01',
): PledgePaymentApplied => ({
  type: 'PledgePaymentApplied',
  data: {
    pledgeId: 'P-1',
    partnerId: 'partner-1',
    giftId,
    amount: usd(amount),
    paidOn,
    outstanding: usd(outstanding),
  },
});

const fulfilled = (paid: string, fulfilledOn = '2026-06-01'): PledgeEvent => ({
  type: 'PledgeFulfilled',
  data: { pledgeId: 'P-1', partnerId: 'partner-1', fulfilledOn, paid: usd(paid) },
});

const writeOff: WriteOffPledge = {
  type: 'WriteOffPledge',
  data: { pledgeId: 'P-1', reason: 'Company dissolved', writtenOffOn: '2027-02-01' },
};

const writtenOff = (amountWrittenOff: string): PledgeEvent => ({
  type: 'PledgeWrittenOff',
  data: {
    pledgeId: 'P-1',
    partnerId: 'partner-1',
    reason: 'Company dissolved',
    writtenOffOn: '2027-02-01',
    amountWrittenOff: usd(amountWrittenOff),
  },
});

describe('Pledge', () => {
  it('names its stream pledge-<pledgeId> and lists its event types', () => {
    expect(pledgeStream('P-1')).toBe('pledge-P-1');
    expect(pledgeEventTypes).toEqual([
      'PledgeMade',
      'PledgePaymentApplied',
      'PledgeFulfilled',
      'PledgeWrittenOff',
    ]);
  });

  describe('RecordPledgeMade', () => {
    it('records a pledge made, with its amount normalised to an exact decimal', () =>
      given([]).when(record).then([made]));

    it('records a pledge without a due date', () => {
      const { dueBy: _dueBy, ...withoutDueBy } = record.data;
      const { dueBy: _recorded, ...madeWithoutDueBy } = made.data;
      given([])
        .when({ type: 'RecordPledgeMade', data: withoutDueBy })
        .then([{ type: 'PledgeMade', data: madeWithoutDueBy }]);
    });

    it('records nothing new when the same pledge is recorded again with identical data', () =>
      given([made]).when(record).then([]));

    it('refuses to record the same pledge again with a different amount', () =>
      given([made])
        .when({ ...record, data: { ...record.data, amount: usd('90000') } })
        .thenThrows('pledge-already-recorded'));

    it('refuses to record the same pledge again with a different due date', () =>
      given([made])
        .when({ ...record, data: { ...record.data, dueBy: '2029-12-31' } })
        .thenThrows('pledge-already-recorded'));

    it('refuses a pledge of zero', () =>
      given([])
        .when({ ...record, data: { ...record.data, amount: usd('0') } })
        .thenThrows('pledge-amount-not-positive'));

    it('refuses a pledge that falls due before it was made', () =>
      given([])
        .when({ ...record, data: { ...record.data, dueBy: '2026-01-14' } })
        .thenThrows('pledge-due-before-made'));
  });

  describe('ApplyPledgePayment', () => {
    it('applies a partial payment and states what is still outstanding', () =>
      given([made])
        .when(pay('G-1', '25000'))
        .then([applied('G-1', '25000.00', '75000.00')]));

    it('keeps cents exact: 0.30 less 0.10 leaves 0.20 outstanding', () =>
      given([madeFor('0.30')])
        .when(pay('G-1', '0.10'))
        .then([applied('G-1', '0.10', '0.20')]));

    it('fulfils a 0.30 pledge paid 0.10 then 0.20, leaving exactly 0.00', () =>
      given([madeFor('0.30'), applied('G-1', '0.10', '0.20')])
        .when(pay('G-2', '0.20', '2026-07-01'))
        .then([applied('G-2', '0.20', '0.00', '2026-07-01'), fulfilled('0.30', '2026-07-01')]));

    it('leaves exactly 0.01 outstanding after three payments of 333.33 on 1000.00', () =>
      given([madeFor('1000.00'), applied('G-1', '333.33', '666.67'), applied('G-2', '333.33', '333.34')])
        .when(pay('G-3', '333.33'))
        .then([applied('G-3', '333.33', '0.01')]));

    it('fulfils the pledge when a single payment pays it in full', () =>
      given([made])
        .when(pay('G-1', '100000.00'))
        .then([applied('G-1', '100000.00', '0.00'), fulfilled('100000.00')]));

    it('accepts an overpayment: records outstanding 0.00 and the overpaid amount, and fulfils the pledge', () =>
      given([madeFor('100.00'), applied('G-1', '60.00', '40.00')])
        .when(pay('G-2', '50.05'))
        .then([
          {
            type: 'PledgePaymentApplied',
            data: { ...applied('G-2', '50.05', '0.00').data, overpaid: usd('10.05') },
          },
          fulfilled('110.05'),
        ]));

    it('records no overpaid amount when the payment is exactly what was owed', () => {
      const events = pledgeDecider.decide(pay('G-1', '100.00'), fold(pledgeDecider, [madeFor('100.00')]));
      expect(events[0]?.data).not.toHaveProperty('overpaid');
    });

    it('applies nothing new when the same gift is applied again with identical data', () =>
      given([made, applied('G-1', '25000.00', '75000.00')])
        .when(pay('G-1', '25000'))
        .then([]));

    it('applies nothing new when the gift that fulfilled the pledge is applied again', () =>
      given([madeFor('100.00'), applied('G-1', '100.00', '0.00'), fulfilled('100.00')])
        .when(pay('G-1', '100.00'))
        .then([]));

    it('refuses to apply the same gift again with a different amount', () =>
      given([made, applied('G-1', '25000.00', '75000.00')])
        .when(pay('G-1', '26000'))
        .thenThrows('pledge-payment-already-applied'));

    it('refuses to apply the same gift again with a different date', () =>
      given([made, applied('G-1', '25000.00', '75000.00')])
        .when(pay('G-1', '25000', '2026-06-02'))
        .thenThrows('pledge-payment-already-applied'));

    it('refuses a payment in another currency than the pledge', () =>
      given([made])
        .when(pay('G-1', '25000', '2026-06-01', 'EUR'))
        .thenThrows('pledge-currency-mismatch'));

    it('refuses a payment of zero', () =>
      given([made]).when(pay('G-1', '0.00')).thenThrows('pledge-payment-not-positive'));

    it('refuses a new payment on a pledge already fulfilled', () =>
      given([madeFor('100.00'), applied('G-1', '100.00', '0.00'), fulfilled('100.00')])
        .when(pay('G-2', '5.00'))
        .thenThrows('pledge-already-fulfilled'));

    it('refuses a payment on a pledge written off', () =>
      given([made, writtenOff('100000.00')])
        .when(pay('G-1', '5.00'))
        .thenThrows('pledge-written-off'));

    it('refuses a payment on a pledge that was never recorded', () =>
      given([]).when(pay('G-1', '5.00')).thenThrows('pledge-not-found'));
  });

  describe('WriteOffPledge', () => {
    it('writes off what is still outstanding', () =>
      given([made, applied('G-1', '25000.00', '75000.00')])
        .when(writeOff)
        .then([writtenOff('75000.00')]));

    it('writes off nothing new when the same write-off is recorded again', () =>
      given([made, writtenOff('100000.00')])
        .when(writeOff)
        .then([]));

    it('refuses a second write-off with a different reason', () =>
      given([made, writtenOff('100000.00')])
        .when({ ...writeOff, data: { ...writeOff.data, reason: 'Donor withdrew' } })
        .thenThrows('pledge-written-off'));

    it('refuses to write off a pledge already fulfilled', () =>
      given([madeFor('100.00'), applied('G-1', '100.00', '0.00'), fulfilled('100.00')])
        .when(writeOff)
        .thenThrows('pledge-already-fulfilled'));

    it('refuses to write off a pledge that was never recorded', () =>
      given([]).when(writeOff).thenThrows('pledge-not-found'));
  });

  describe('evolve', () => {
    it('folds payments into the amount, paid total, outstanding and payments by gift', () => {
      const state = fold(pledgeDecider, [madeFor('0.30'), applied('G-1', '0.10', '0.20')]);
      expect(state).toEqual({
        status: 'open',
        pledge: madeFor('0.30').data,
        paid: usd('0.10'),
        outstanding: usd('0.20'),
        overpaid: usd('0'),
        payments: { 'G-1': { amount: usd('0.10'), paidOn: '2026-06-01' } },
      });
    });

    it('folds an overpaid, fulfilled pledge to the full paid total and the excess', () => {
      const history = [madeFor('100.00'), applied('G-1', '60.00', '40.00')];
      const events = pledgeDecider.decide(pay('G-2', '50.05'), fold(pledgeDecider, history));
      expect(fold(pledgeDecider, [...history, ...events])).toMatchObject({
        status: 'fulfilled',
        paid: usd('110.05'),
        outstanding: usd('0.00'),
        overpaid: usd('10.05'),
      });
    });

    it('folds a write-off into a written-off pledge that keeps what was paid', () => {
      expect(
        fold(pledgeDecider, [made, applied('G-1', '25000.00', '75000.00'), writtenOff('75000.00')]),
      ).toMatchObject({ status: 'written-off', paid: usd('25000.00'), outstanding: usd('75000.00') });
    });
  });
});
