import {
  ACADEMIC_YEAR_START,
  activeWindow,
  dayOf,
  FISCAL_YEAR_START,
  yearContaining,
  type ContinuumLine,
} from './continuum-lines';
import { engagementScore, type EngagementFacts } from './engagement-score';

const asOf = new Date('2025-03-15T12:00:00Z');
const nothing: EngagementFacts = { activeLines: [], lastActivityAt: null, value: '0', volume: 0 };
const daysBefore = (days: number): string => new Date(asOf.getTime() - days * 86_400_000).toISOString();
const score = (facts: Partial<EngagementFacts>) => engagementScore({ ...nothing, ...facts }, asOf);

describe('Engagement score', () => {
  it('is 0 for a partner with no activity at all, every component at 0', () => {
    const result = score({});
    expect(result.score).toBe(0);
    expect(result.components.breadth).toMatchObject({ points: 0, max: 40, activeLines: [] });
    expect(result.components.recency).toMatchObject({ points: 0, max: 30, daysSinceLastActivity: null });
    expect(result.components.depth).toMatchObject({ points: 0, max: 30 });
  });

  it('reaches 100 when every component is saturated', () => {
    const result = score({
      activeLines: ['research', 'placements', 'giving', 'advisory', 'licensing'],
      lastActivityAt: daysBefore(2),
      value: '1000000.00',
      volume: 12,
    });
    expect(result.score).toBe(100);
  });

  describe('breadth', () => {
    it('gives 8 points per active line, full at five lines', () => {
      expect(score({ activeLines: ['research'] }).components.breadth.points).toBe(8);
      expect(score({ activeLines: ['research', 'giving'] }).components.breadth.points).toBe(16);
      const all: ContinuumLine[] = [
        'research',
        'placements',
        'recruiting',
        'giving',
        'advisory',
        'capstones',
      ];
      expect(score({ activeLines: all }).components.breadth.points).toBe(40);
    });

    it('lists the active lines in the canonical order, ignoring duplicates', () => {
      expect(score({ activeLines: ['giving', 'research', 'giving'] }).components.breadth.activeLines).toEqual(
        ['research', 'giving'],
      );
    });
  });

  describe('recency', () => {
    it('is full within 30 days of the last activity', () => {
      expect(score({ lastActivityAt: daysBefore(0) }).components.recency.points).toBe(30);
      expect(score({ lastActivityAt: daysBefore(30) }).components.recency).toMatchObject({
        points: 30,
        daysSinceLastActivity: 30,
      });
    });

    it('falls linearly to nothing at 730 days', () => {
      expect(score({ lastActivityAt: daysBefore(380) }).components.recency.points).toBe(15);
      expect(score({ lastActivityAt: daysBefore(730) }).components.recency.points).toBe(0);
      expect(score({ lastActivityAt: daysBefore(2000) }).components.recency.points).toBe(0);
    });

    it('counts an activity dated in the future as today', () => {
      expect(score({ lastActivityAt: daysBefore(-10) }).components.recency).toMatchObject({
        points: 30,
        daysSinceLastActivity: 0,
      });
    });
  });

  describe('depth', () => {
    it('scores value on a log scale, full at one million', () => {
      const value = (amount: string) => score({ value: amount }).components.depth.value;
      expect(value('0').points).toBe(0);
      expect(value('1000.00').points).toBe(1.5);
      expect(value('25000.00')).toMatchObject({ points: 7.1, amount: '25000.00', currency: 'USD' });
      expect(value('1000000.00').points).toBe(15);
      expect(value('5000000.00').points).toBe(15);
    });

    it('scores volume linearly, full at twelve items', () => {
      const volume = (count: number) => score({ volume: count }).components.depth.volume.points;
      expect(volume(1)).toBe(1.3);
      expect(volume(6)).toBe(7.5);
      expect(volume(12)).toBe(15);
      expect(volume(40)).toBe(15);
    });

    it('adds value and volume', () => {
      expect(score({ value: '1000.00', volume: 6 }).components.depth).toMatchObject({ points: 9, max: 30 });
    });
  });

  it('is the rounded sum of the unrounded components', () => {
    // 16 (breadth) + 15 (recency) + 7.07 (value) + 2.5 (volume) = 40.57
    const result = score({
      activeLines: ['research', 'giving'],
      lastActivityAt: daysBefore(380),
      value: '25000.00',
      volume: 2,
    });
    expect(result.score).toBe(41);
    expect(result.window).toEqual({ from: '2023-03-15', to: '2025-03-15' });
    expect(result.asOf).toBe('2025-03-15T12:00:00.000Z');
  });
});

describe('Periods', () => {
  it('starts the academic year on 1 September', () => {
    expect(yearContaining(ACADEMIC_YEAR_START, new Date('2025-08-31T23:59:59Z'))).toEqual({
      from: '2024-09-01',
      to: '2025-09-01',
    });
    expect(yearContaining(ACADEMIC_YEAR_START, new Date('2025-09-01T00:00:00Z'))).toEqual({
      from: '2025-09-01',
      to: '2026-09-01',
    });
  });

  it('starts the fiscal year on 1 July', () => {
    expect(yearContaining(FISCAL_YEAR_START, new Date('2025-06-30T12:00:00Z')).from).toBe('2024-07-01');
    expect(yearContaining(FISCAL_YEAR_START, new Date('2025-07-01T00:00:00Z')).from).toBe('2025-07-01');
    expect(yearContaining(FISCAL_YEAR_START, new Date('2026-01-10T00:00:00Z'))).toEqual({
      from: '2025-07-01',
      to: '2026-07-01',
    });
  });

  it('looks back 24 calendar months for activity', () => {
    expect(activeWindow(new Date('2025-03-15T08:00:00Z'))).toEqual({ from: '2023-03-15', to: '2025-03-15' });
  });

  it('reads a contract day from a date or a timestamp, falling back when it is neither', () => {
    expect(dayOf('2025-03-04', '2000-01-01')).toBe('2025-03-04');
    expect(dayOf('2025-03-04T23:30:00-02:00', '2000-01-01')).toBe('2025-03-05');
    expect(dayOf('soon', '2000-01-01')).toBe('2000-01-01');
  });
});
