import { invalid } from './domain-error';

/** Exact money: a decimal string with at most 2 fraction digits (4 for some currencies) and an ISO 4217 code. */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const SCALE = 4;

/** Accepts a decimal string or a JSON number (as the contract allows) and normalises it to a string. */
export function money(amount: string | number, currency: string): Money {
  const text = typeof amount === 'number' ? numberToDecimal(amount) : amount.trim();
  if (!DECIMAL.test(text)) throw invalid('invalid-money', `"${String(amount)}" is not a decimal amount`);
  if (!CURRENCY.test(currency))
    throw invalid('invalid-currency', `"${currency}" is not an ISO 4217 currency code`);
  return { amount: fromMinor(toMinor(text)), currency };
}

function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw invalid('invalid-money', `${String(value)} is not a finite amount`);
  // JSON numbers arrive as doubles: their shortest round-trip text is what the sender wrote.
  return String(value);
}

/** Integer units of 1/10^SCALE: exact arithmetic with bigint. */
export function toMinor(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -units : units;
}

export function fromMinor(units: bigint): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  const scale = 10n ** BigInt(SCALE);
  const whole = absolute / scale;
  const fraction = (absolute % scale)
    .toString()
    .padStart(SCALE, '0')
    .replace(/0{1,2}$/, '');
  const text = `${whole.toString()}.${fraction.length < 2 ? fraction.padEnd(2, '0') : fraction}`;
  return negative ? `-${text}` : text;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency)
    throw invalid('currency-mismatch', `Cannot add ${a.currency} and ${b.currency}`);
  return { amount: fromMinor(toMinor(a.amount) + toMinor(b.amount)), currency: a.currency };
}

export const compareMoney = (a: Money, b: Money): number => {
  const difference = toMinor(a.amount) - toMinor(b.amount);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
};

export const zero = (currency: string): Money => ({ amount: '0.00', currency });

/** Equal amounts in the same currency; two absent amounts are equal too (optional money fields). */
export const sameMoney = (a: Money | undefined, b: Money | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.currency === b.currency && compareMoney(a, b) === 0;
