import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  giftDecider,
  giftEventTypes,
  giftStream,
  type AcknowledgeGift,
  type GiftAcknowledged,
  type GiftReceived,
  type RecordGiftReceived,
} from './gift';

const given = specificationFor(giftDecider);

const record: RecordGiftReceived = {
  type: 'RecordGiftReceived',
  data: {
    giftId: 'G-88412',
    partnerId: 'partner-1',
    amount: { amount: '25000', currency: 'USD' },
    giftType: 'CASH',
    designation: 'Robotics Lab Equipment Fund',
    receivedOn: '2026-03-02',
  },
};

const received: GiftReceived = {
  type: 'GiftReceived',
  data: { ...record.data, amount: { amount: '25000.00', currency: 'USD' } },
};

const acknowledge: AcknowledgeGift = {
  type: 'AcknowledgeGift',
  data: {
    giftId: 'G-88412',
    acknowledgedBy: 'staff-7',
    acknowledgedAt: '2026-03-04T10:00:00Z',
    channel: 'letter',
  },
};

const acknowledged: GiftAcknowledged = {
  type: 'GiftAcknowledged',
  data: {
    giftId: 'G-88412',
    partnerId: 'partner-1',
    acknowledgedBy: 'staff-7',
    acknowledgedAt: '2026-03-04T10:00:00Z',
    channel: 'letter',
  },
};

const withData = (data: Partial<RecordGiftReceived['data']>): RecordGiftReceived => ({
  ...record,
  data: { ...record.data, ...data },
});

describe('Gift', () => {
  it('names its stream gift-<giftId> and lists its event types', () => {
    expect(giftStream('G-88412')).toBe('gift-G-88412');
    expect(giftEventTypes).toEqual(['GiftReceived', 'GiftAcknowledged']);
  });

  describe('RecordGiftReceived', () => {
    it('records a gift received, with its amount normalised to an exact decimal', () =>
      given([]).when(record).then([received]));

    it('records a pledge payment together with the pledge it pays', () =>
      given([])
        .when(withData({ giftType: 'PLEDGE_PAYMENT', pledgeId: 'P-1' }))
        .then([
          {
            type: 'GiftReceived',
            data: { ...received.data, giftType: 'PLEDGE_PAYMENT', pledgeId: 'P-1' },
          },
        ]));

    it('records nothing new when the same gift is recorded again with identical data', () =>
      given([received]).when(record).then([]));

    it('treats 25000 and 25000.00 as the same amount when a gift is recorded again', () =>
      given([received])
        .when(withData({ amount: { amount: '25000.00', currency: 'USD' } }))
        .then([]));

    it('refuses to record the same gift again with a different amount', () =>
      given([received])
        .when(withData({ amount: { amount: '25000.01', currency: 'USD' } }))
        .thenThrows('gift-already-recorded'));

    it('refuses to record the same gift again with a different currency', () =>
      given([received])
        .when(withData({ amount: { amount: '25000', currency: 'EUR' } }))
        .thenThrows('gift-already-recorded'));

    it('refuses to record the same gift again with a different designation', () =>
      given([received])
        .when(withData({ designation: 'Scholarships' }))
        .thenThrows('gift-already-recorded'));

    it('refuses a pledge payment that names no pledge', () =>
      given([])
        .when(withData({ giftType: 'PLEDGE_PAYMENT' }))
        .thenThrows('pledge-payment-needs-pledge'));

    it('refuses a gift of zero', () =>
      given([])
        .when(withData({ amount: { amount: '0.00', currency: 'USD' } }))
        .thenThrows('gift-amount-not-positive'));

    it('refuses a negative gift', () =>
      given([])
        .when(withData({ amount: { amount: '-5', currency: 'USD' } }))
        .thenThrows('gift-amount-not-positive'));

    it('refuses an amount that is not an exact decimal', () =>
      given([])
        .when(withData({ amount: { amount: '12,50', currency: 'USD' } }))
        .thenThrows('invalid-money'));
  });

  describe('AcknowledgeGift', () => {
    it('acknowledges a received gift, attributing it to the gift’s partner', () =>
      given([received]).when(acknowledge).then([acknowledged]));

    it('acknowledges without a channel when none is given', () => {
      const { channel: _channel, ...withoutChannel } = acknowledge.data;
      const { channel: _recorded, ...acknowledgedWithoutChannel } = acknowledged.data;
      given([received])
        .when({ type: 'AcknowledgeGift', data: withoutChannel })
        .then([{ type: 'GiftAcknowledged', data: acknowledgedWithoutChannel }]);
      const [event] = giftDecider.decide(
        { type: 'AcknowledgeGift', data: withoutChannel },
        fold(giftDecider, [received]),
      );
      expect(event?.data).not.toHaveProperty('channel');
    });

    it('refuses to acknowledge a gift twice', () =>
      given([received, acknowledged]).when(acknowledge).thenThrows('gift-already-acknowledged'));

    it('refuses to acknowledge a gift that was never recorded', () =>
      given([]).when(acknowledge).thenThrows('gift-not-found'));
  });

  describe('evolve', () => {
    it('folds a received and acknowledged gift into its state', () => {
      expect(fold(giftDecider, [received, acknowledged])).toEqual({
        status: 'acknowledged',
        gift: received.data,
        acknowledgement: acknowledged.data,
      });
    });

    it('starts unrecorded', () => {
      expect(fold(giftDecider, [])).toEqual({ status: 'unrecorded' });
    });
  });
});
