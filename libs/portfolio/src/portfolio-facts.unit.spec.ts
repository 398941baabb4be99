import type { RecordedEvent } from '@continuum/event-store';
import { portfolioFactsOf } from './portfolio-facts';

const recorded = (type: string, data: object, occurredAt?: string): RecordedEvent => ({
  id: `e-${type}`,
  type,
  data,
  metadata: occurredAt ? { occurredAt } : {},
  stream: 'x-1',
  revision: 0,
  position: { commit: 1n, prepare: 1n },
  recordedAt: new Date('2026-01-15T10:00:00Z'),
});

describe('Portfolio facts', () => {
  it('dates a gift on the day it was received, whenever it was recorded', () => {
    const facts = portfolioFactsOf(
      recorded('GiftReceived', {
        giftId: 'g1',
        partnerId: 'p1',
        amount: { amount: '10.50', currency: 'USD' },
        giftType: 'CASH',
        designation: 'Scholarships',
        receivedOn: '2025-06-30',
      }),
    );
    expect(facts).toEqual([
      expect.objectContaining({
        fact: 'item',
        item: 'gift',
        onDay: '2025-06-30',
        money: { amount: '10.50', currency: 'USD' },
      }),
      expect.objectContaining({ fact: 'activity', line: 'giving', partnerId: 'p1', onDay: '2025-06-30' }),
    ]);
  });

  it('takes only what was owed off a pledge when a payment overpays it', () => {
    const [balance] = portfolioFactsOf(
      recorded('PledgePaymentApplied', {
        pledgeId: 'pl1',
        partnerId: 'p1',
        giftId: 'g2',
        amount: { amount: '120.00', currency: 'EUR' },
        paidOn: '2026-02-01',
        outstanding: { amount: '0.00', currency: 'EUR' },
        overpaid: { amount: '20.01', currency: 'EUR' },
      }),
    );
    expect(balance).toMatchObject({ fact: 'pledge-balance', change: { amount: '-99.99', currency: 'EUR' } });
  });

  it('dates a capstone, which names only its term, by when it happened, else when it was recorded', () => {
    const data = { projectId: 'c1', partnerId: 'p1', course: 'ENG 499', term: 'Fall 2025' };
    expect(portfolioFactsOf(recorded('CapstoneSponsored', data, '2025-09-03T09:00:00Z'))[0]).toMatchObject({
      onDay: '2025-09-03',
    });
    expect(portfolioFactsOf(recorded('CapstoneSponsored', data))[0]).toMatchObject({ onDay: '2026-01-15' });
  });

  it('ignores what is not a line or partner fact', () => {
    expect(portfolioFactsOf(recorded('ContactAffiliated', { partnerId: 'p1' }))).toEqual([]);
    expect(portfolioFactsOf(recorded('SomethingNew', { partnerId: 'p1' }))).toEqual([]);
  });
});
