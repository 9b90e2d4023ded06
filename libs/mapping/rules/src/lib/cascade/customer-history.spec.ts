import { money, Order } from '@hub/domain';
import { isRepeatCustomer, normalizeEmail, placedAt } from './customer-history';

const t = (iso: string) => new Date(iso);

describe('customer history', () => {
  it('treats case and spaces as the same email', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });

  it('is a new customer with no earlier order, a repeat one with an earlier order of another id', () => {
    expect(isRepeatCustomer('O2', t('2026-01-02'), [])).toBe(false);
    expect(isRepeatCustomer('O2', t('2026-01-02'), [{ orderId: 'O1', placedAt: t('2026-01-01') }])).toBe(true);
  });

  it('never counts the order itself (a redelivery stays new), nor a later order', () => {
    expect(isRepeatCustomer('O1', t('2026-01-01'), [{ orderId: 'O1', placedAt: t('2026-01-01') }])).toBe(false);
    expect(isRepeatCustomer('O1', t('2026-01-01'), [{ orderId: 'O2', placedAt: t('2026-01-05') }])).toBe(false);
  });

  it('orders by the cart’s timestamp when it has one, else by when the hub saw the order', () => {
    const seen = t('2026-03-01T00:00:00Z');
    const order = { orderId: 'O', createdAt: '2026-02-01T10:00:00-05:00', lines: [], totals: { total: money(0) } } as unknown as Order;
    expect(placedAt(order, seen).toISOString()).toBe('2026-02-01T15:00:00.000Z');
    expect(placedAt({ ...order, createdAt: undefined }, seen)).toBe(seen);
  });
});
