import { historyCsvHeader, historyCsvRow, historyNdjsonLine } from './history-export';
import type { HistoryEntry } from './history-reader';
import { timelineLine } from './timeline-text';

const entry: HistoryEntry = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'GiftReceived',
  partnerId: 'acme',
  stream: 'gift-g1',
  revision: 0,
  position: '42',
  occurredAt: '2025-12-15T12:00:00.000Z',
  recordedAt: '2026-02-01T09:30:00.000Z',
  actor: 'advancement-sync',
  sourceSystem: 'advancement',
  correlationId: 'c-1',
  causationId: null,
  hash: 'ab'.repeat(32),
  data: {
    giftId: 'g1',
    partnerId: 'acme',
    amount: { amount: '25000.00', currency: 'USD' },
    giftType: 'CASH',
    designation: 'Lab, "robotics"',
    receivedOn: '2025-12-15',
  },
  metadata: {},
};

describe('exporting a history', () => {
  it('writes one CSV row per entry, quoting what needs it and leaving absent ids empty', () => {
    expect(historyCsvHeader).toBe(
      'position,occurredAt,recordedAt,type,partnerId,stream,revision,eventId,actor,sourceSystem,correlationId,causationId,hash,data\r\n',
    );
    const row = historyCsvRow(entry);
    expect(
      row.startsWith('42,2025-12-15T12:00:00.000Z,2026-02-01T09:30:00.000Z,GiftReceived,acme,gift-g1,0,'),
    ).toBe(true);
    expect(row).toContain(',c-1,,abab');
    expect(row).toContain('"{""giftId"":""g1""');
    expect(row.endsWith('\r\n')).toBe(true);
  });

  it('neutralises a cell a spreadsheet would run as a formula', () => {
    expect(historyCsvRow({ ...entry, actor: '=HYPERLINK("x")' })).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('writes one JSON document per NDJSON line', () => {
    const line = historyNdjsonLine(entry);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(entry);
  });
});

describe('the auditor timeline', () => {
  it('reads like the partner timeline, with who, through what, and when it was recorded if later', () => {
    expect(timelineLine(entry)).toBe(
      '2025-12-15 12:00  Gift of 25,000.00 USD received (Lab, "robotics") by advancement-sync via advancement (recorded 2026-02-01)  [gift-g1@0]',
    );
  });

  it('falls back to the event type for events the timeline does not know', () => {
    expect(
      timelineLine({
        ...entry,
        type: 'SomethingNew',
        recordedAt: entry.occurredAt,
        actor: null,
        sourceSystem: null,
      }),
    ).toBe('2025-12-15 12:00  SomethingNew  [gift-g1@0]');
  });
});
