import { toDecimalString } from '../money';
import { OrderShapeError, toCanonicalOrder } from './to-canonical-order';
import { UcOrder } from './ultracart-order';

const usd = (value: number) => ({ value, currency_code: 'USD' });

const order: UcOrder = {
  merchant_id: 'DEMO',
  order_id: 'DEMO-0009104420',
  current_stage: 'Shipping Department',
  creation_dts: '2021-05-18T12:10:19-04:00',
  billing: { first_name: 'Ada', last_name: 'Lovelace', email: ' Ada@Example.COM ', country_code: 'GB' },
  items: [
    { merchant_item_id: 'BOOK', quantity: 2, cost: usd(20), unit_cost_with_discount: usd(18), total_cost_with_discount: usd(36) },
    { merchant_item_id: 'KIT-PART', quantity: 1, cost: usd(5), kit_component: true },
  ],
  summary: { subtotal: usd(36), shipping_handling_total: usd(4.95), tax: usd(2.5), total: usd(43.45) },
  coupons: [{ coupon_code: 'TENOFF' }],
};

describe('toCanonicalOrder', () => {
  it('carries the customer, discounted lines, totals and coupons', () => {
    const o = toCanonicalOrder(order, 'DEMO');
    expect(o.customer.email).toBe('ada@example.com');
    expect(o.customer.firstName).toBe('Ada');
    expect(o.lines).toHaveLength(1);
    expect(o.lines[0]).toMatchObject({ itemId: 'BOOK', quantity: 2 });
    expect(toDecimalString(o.lines[0].unitPrice)).toBe('18.00');
    expect(toDecimalString(o.lines[0].total)).toBe('36.00');
    expect(toDecimalString(o.totals.shippingHandling)).toBe('4.95');
    expect(toDecimalString(o.totals.total)).toBe('43.45');
    expect(o.couponCodes).toEqual(['TENOFF']);
  });

  it('carries the checkout marketing, the sales rep and custom fields 1-7 the CRM settings map', () => {
    const o = toCanonicalOrder(
      {
        ...order,
        marketing: { mailing_list: true, advertising_source: ' Podcast ' },
        internal: { sales_rep_code: 'REP-7' },
        checkout: { screen_branding_theme_code: 'DFLT', custom_field1: 'gift', custom_field3: '  ', custom_field7: 'VIP', custom_field8: 'beyond seven' },
      },
      'DEMO',
    );
    expect(o).toMatchObject({ mailingListOptIn: true, advertisingSource: 'Podcast', salesRepCode: 'REP-7', themeCode: 'DFLT' });
    expect(o.customFields).toEqual({ customField1: 'gift', customField7: 'VIP' });
    expect(toCanonicalOrder({ ...order, marketing: { mailing_list: false } }, 'DEMO').mailingListOptIn).toBe(false);
  });

  it('leaves out what the order does not say', () => {
    const o = toCanonicalOrder(order, 'DEMO');
    expect(o).not.toHaveProperty('mailingListOptIn');
    expect(o).not.toHaveProperty('salesRepCode');
    expect(o).not.toHaveProperty('advertisingSource');
    expect(o).not.toHaveProperty('customFields');
  });

  it('names the missing field', () => {
    expect(() => toCanonicalOrder({ ...order, order_id: undefined }, 'DEMO')).toThrow('order_id: is required');
    expect(() => toCanonicalOrder({ ...order, billing: {} }, 'DEMO')).toThrow(OrderShapeError);
    expect(() => toCanonicalOrder({ ...order, items: [{ quantity: 1 }] }, 'DEMO')).toThrow('items[0].merchant_item_id');
  });
});
