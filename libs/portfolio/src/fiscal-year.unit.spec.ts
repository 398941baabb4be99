import { fiscalYear, fiscalYearOf } from './fiscal-year';

describe('Fiscal year', () => {
  it('runs FY N from 1 July N-1 to 30 June N by default', () => {
    expect(fiscalYear(2026)).toEqual({
      fiscalYear: 2026,
      from: '2025-07-01',
      to: '2026-06-30',
      until: '2026-07-01',
    });
  });

  it('places 30 June and 1 July in different years', () => {
    expect(fiscalYearOf(new Date('2026-06-30T23:59:59Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-07-01T00:00:00Z'))).toBe(2027);
  });

  it('follows another start month, January being the calendar year', () => {
    expect(fiscalYear(2026, 10)).toMatchObject({ from: '2025-10-01', to: '2026-09-30' });
    expect(fiscalYear(2026, 1)).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(fiscalYearOf(new Date('2026-12-31T12:00:00Z'), 1)).toBe(2026);
    expect(fiscalYear(2024, 3).to).toBe('2024-02-29');
  });

  it('refuses a month that does not exist', () => {
    expect(() => fiscalYear(2026, 13)).toThrow(RangeError);
  });
});
