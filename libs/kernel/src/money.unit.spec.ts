import { DomainError } from './domain-error';
import { addMoney, compareMoney, money } from './money';

describe('Money', () => {
  it('keeps decimal strings exact, where binary floats would drift', () => {
    const total = [money('0.10', 'USD'), money('0.20', 'USD')].reduce(addMoney);
    expect(total).toEqual({ amount: '0.30', currency: 'USD' });
  });

  it('accepts a JSON number as the contract allows and normalises it', () => {
    expect(money(25000, 'USD')).toEqual({ amount: '25000.00', currency: 'USD' });
    expect(money(12.5, 'EUR')).toEqual({ amount: '12.50', currency: 'EUR' });
    expect(money('1.2345', 'USD').amount).toBe('1.2345');
  });

  it('refuses amounts and currencies that are not well formed', () => {
    expect(() => money('12,50', 'USD')).toThrow(DomainError);
    expect(() => money('1.23456', 'USD')).toThrow(DomainError);
    expect(() => money('10', 'usd')).toThrow(DomainError);
    expect(() => money(Number.NaN, 'USD')).toThrow(DomainError);
  });

  it('refuses to add different currencies and compares exactly', () => {
    expect(() => addMoney(money('1', 'USD'), money('1', 'EUR'))).toThrow(DomainError);
    expect(compareMoney(money('25000.00', 'USD'), money('24999.99', 'USD'))).toBe(1);
    expect(compareMoney(money('-5', 'USD'), money('0', 'USD'))).toBe(-1);
  });
});
