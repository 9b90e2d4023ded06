import { translateCartAbandon } from './cart-abandon';
import { UcCart } from './ultracart-resources';
import { payloadOf, usd } from './uc-fixtures.spec-helper';

const cart = (overrides: Partial<UcCart> = {}): UcCart => ({
  merchant_id: 'DEMO',
  cart_id: 'CART-1',
  currency_code: 'USD',
  billing: { first_name: 'Ada', email: ' ADA@example.com' },
  items: [
    { item_id: 'BOOK', description: 'The Book', quantity: 2, unit_cost: usd(20), total_cost: usd(40) },
    { item_id: 'PEN', quantity: 1, unit_cost: usd(3.5) },
  ],
  ...overrides,
});

describe('abandoned cart', () => {
  it('carries the customer email and the lines', () => {
    const t = translateCartAbandon(cart(), 'DEMO');
    expect(t).toMatchObject({ outcome: 'cascade', resourceId: 'CART-1' });
    expect(payloadOf(t.emits, 'cart.abandoned')).toEqual({
      merchantId: 'DEMO',
      cartId: 'CART-1',
      customer: { email: 'ada@example.com', firstName: 'Ada', lastName: undefined },
      currency: 'USD',
      lines: [
        { itemId: 'BOOK', description: 'The Book', quantity: 2, unitPrice: { minor: 2000, currency: 'USD' }, total: { minor: 4000, currency: 'USD' } },
        { itemId: 'PEN', description: undefined, quantity: 1, unitPrice: { minor: 350, currency: 'USD' }, total: { minor: 350, currency: 'USD' } },
      ],
      total: { minor: 4350, currency: 'USD' },
    });
  });

  it('the same cart abandoned again with other contents is a new event', () => {
    const key = (c: UcCart) => translateCartAbandon(c, 'DEMO').emits[0].dedupeKey;
    expect(key(cart())).toBe(key(cart()));
    expect(key(cart())).not.toBe(key(cart({ items: [{ item_id: 'BOOK', quantity: 3, unit_cost: usd(20) }] })));
  });

  it('a cart without email or items is not cascaded; without an id it is rejected', () => {
    expect(translateCartAbandon(cart({ billing: {} }), 'DEMO')).toMatchObject({ outcome: 'not_cascaded', reason: 'the cart has no customer email to follow up' });
    expect(translateCartAbandon(cart({ items: [] }), 'DEMO')).toMatchObject({ outcome: 'not_cascaded', reason: 'the cart holds no items' });
    expect(() => translateCartAbandon(cart({ cart_id: undefined }), 'DEMO')).toThrow('cart_id: is required');
    expect(() => translateCartAbandon(cart({ items: [{ quantity: 1 }] }), 'DEMO')).toThrow('items[0].item_id: is required');
  });
});
