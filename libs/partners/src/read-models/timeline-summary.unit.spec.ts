import { decodeCursor, encodeCursor, InvalidCursorError } from './page-cursor';
import { foldText, searchPatterns, searchTextOf } from './partner-search';
import { formatAmount, summarise } from './timeline-summary';

describe('Timeline summaries', () => {
  it('groups thousands and keeps the exact decimals', () => {
    expect(formatAmount('25000.00')).toBe('25,000.00');
    expect(formatAmount('1234567.5')).toBe('1,234,567.50');
    expect(formatAmount('999.1234')).toBe('999.1234');
    expect(formatAmount('-1000000.00')).toBe('-1,000,000.00');
  });

  it('says what a gift was and what it was for', () => {
    expect(
      summarise({
        type: 'GiftReceived',
        data: {
          giftId: 'g-1',
          partnerId: 'p-1',
          amount: { amount: '25000.00', currency: 'USD' },
          giftType: 'CASH',
          designation: 'Robotics Lab Equipment Fund',
          receivedOn: '2025-01-15',
        },
      }),
    ).toBe('Gift of 25,000.00 USD received (Robotics Lab Equipment Fund)');
  });

  it('names the agreement kind, its value and its term', () => {
    expect(
      summarise({
        type: 'AgreementSigned',
        data: {
          agreementId: 'a-1',
          partnerId: 'p-1',
          kind: 'SPONSORED_RESEARCH',
          title: 'Soft grippers',
          value: { amount: '250000.00', currency: 'USD' },
          effectiveDate: '2024-09-01',
          endDate: '2027-08-31',
        },
      }),
    ).toBe('Sponsored research agreement "Soft grippers" signed (250,000.00 USD, 2024-09-01 to 2027-08-31)');
    expect(
      summarise({
        type: 'AgreementSigned',
        data: {
          agreementId: 'a-2',
          partnerId: 'p-1',
          kind: 'NDA',
          title: 'Mutual NDA',
          effectiveDate: '2024-01-01',
        },
      }),
    ).toBe('Non-disclosure agreement "Mutual NDA" signed (from 2024-01-01, open-ended)');
  });

  it('describes placements, tasks and merges in plain words', () => {
    expect(
      summarise({
        type: 'InternPlaced',
        data: {
          placementId: 'pl-1',
          partnerId: 'p-1',
          studentRef: 'stu-9f2',
          program: 'Mechanical Engineering',
          role: 'Robotics Intern',
          startDate: '2025-06-01',
          endDate: '2025-08-29',
        },
      }),
    ).toBe('Intern placed as Robotics Intern (Mechanical Engineering, 2025-06-01 to 2025-08-29)');
    expect(
      summarise({
        type: 'TaskCreated',
        data: {
          taskId: 't-1',
          partnerId: 'p-1',
          kind: 'acknowledge-gift',
          title: 'Thank the donor',
          dueAt: '2025-01-20T17:00:00.000Z',
          assignee: { team: 'advancement' },
          origin: { playbook: 'gift-acknowledgement' },
          createdAt: '2025-01-15T09:00:00.000Z',
        },
      }),
    ).toBe('Task "Thank the donor" created for the advancement queue, due 2025-01-20');
    expect(
      summarise({
        type: 'PartnerMergedInto',
        data: {
          partnerId: 'dup',
          survivorId: 'acme',
          externalLinks: [],
          contacts: [],
          mergedBy: 'alice',
          reason: 'same company',
        },
      }),
    ).toBe('Merged into partner acme (same company)');
  });

  it('states outstanding pledge amounts after a payment', () => {
    expect(
      summarise({
        type: 'PledgePaymentApplied',
        data: {
          pledgeId: 'pl-7',
          partnerId: 'p-1',
          giftId: 'g-2',
          amount: { amount: '25000.00', currency: 'EUR' },
          paidOn: '2025-02-01',
          outstanding: { amount: '75000.00', currency: 'EUR' },
        },
      }),
    ).toBe('Payment of 25,000.00 EUR applied to pledge pl-7 (75,000.00 EUR outstanding)');
  });
});

describe('Partner search text', () => {
  it('folds accents and case, and keeps the domain searchable', () => {
    expect(foldText('  Acmé   ROBOTICS ')).toBe('acme robotics');
    expect(searchTextOf('Acmé Robotics, Inc.', 'acme.com')).toBe(
      'acme robotics, inc. | acme robotics | acme.com',
    );
  });

  it('matches a term as typed and as duplicate detection normalises it, with LIKE wildcards escaped', () => {
    expect(searchPatterns('Robotics Inc')).toEqual(['%robotics inc%', '%robotics%']);
    expect(searchPatterns('50%_off')).toEqual(['%50\\%\\_off%', '%50 off%']);
  });
});

describe('Page cursors', () => {
  it('round-trips the sort key of the ordering it was made for', () => {
    const cursor = encodeCursor('score', [73, 'acme', 'p-1']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('score', cursor, ['number', 'string', 'string'])).toEqual([73, 'acme', 'p-1']);
  });

  it('refuses a cursor of another ordering, or one that was tampered with', () => {
    const cursor = encodeCursor('name', ['acme', 'p-1']);
    expect(() => decodeCursor('score', cursor, ['number', 'string', 'string'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor('name', 'not-a-cursor', ['string', 'string'])).toThrow(InvalidCursorError);
    expect(() => decodeCursor('name', encodeCursor('name', [1, 'p-1']), ['string', 'string'])).toThrow(
      InvalidCursorError,
    );
  });
});
