import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CONTRACTS } from './registry';
import { RoutingKeys } from './routing-keys';

const money = (minor: number) => ({ minor, currency: 'USD' });
const placed = () => ({
  merchantId: 'DEMO',
  order: {
    merchantId: 'DEMO',
    orderId: 'DEMO-1',
    stage: 'Completed Order',
    currency: 'USD',
    customer: { email: 'a@example.com', billing: {} },
    lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(1000), total: money(1000) }],
    totals: { subtotal: money(1000), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(1000) },
    couponCodes: [],
  },
});

function problems(key: string, body: unknown): string[] {
  const errors = validateSync(plainToInstance(CONTRACTS[key], body) as object, { forbidUnknownValues: true });
  const flat = (es: typeof errors, prefix = ''): string[] =>
    es.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map(() => `${prefix}${e.property}`),
      ...flat(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return flat(errors);
}

describe('contracts', () => {
  it('accepts a well-formed order.placed', () => {
    expect(problems(RoutingKeys.cart.orderPlaced, placed())).toEqual([]);
  });

  it('names the nested field that is wrong', () => {
    const bad = placed();
    bad.order.lines[0].quantity = 0;
    bad.order.customer.email = 'not-an-email';
    (bad.order.totals.total as { minor: unknown }).minor = '10.00';
    expect(problems(RoutingKeys.cart.orderPlaced, bad).sort()).toEqual(['order.customer.email', 'order.lines.0.quantity', 'order.totals.total.minor']);
  });

  it('refuses a merchant id that could escape a query or a routing key', () => {
    expect(problems(RoutingKeys.cart.orderPlaced, { ...placed(), merchantId: 'DEMO.#' })).toEqual(['merchantId']);
  });

  it('has a payload class for every routing key and RPC pattern it lists', () => {
    for (const key of Object.keys(CONTRACTS)) expect(typeof CONTRACTS[key]).toBe('function');
    expect(Object.keys(CONTRACTS)).toEqual(expect.arrayContaining(Object.values(RoutingKeys).flatMap((g) => Object.values(g))));
  });
});
