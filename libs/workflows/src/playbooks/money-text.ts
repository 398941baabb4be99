import type { Money } from '@continuum/kernel';

/** `{ amount: '25000.5', currency: 'USD' }` → `25,000.50 USD`, for task descriptions. */
export function moneyText(money: Money): string {
  const [whole = '0', fraction = ''] = money.amount.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = money.amount.startsWith('-') ? '-' : '';
  return `${sign}${grouped}.${fraction.padEnd(2, '0')} ${money.currency}`;
}
