import { money, Order } from '@hub/domain';
import { classifyResponse, contactFields, processManualBody, productNameCondition, readId } from './ontraport-rest';

const order: Order = {
  merchantId: 'DEMO',
  orderId: 'DEMO-7',
  stage: 'Shipping Department',
  createdAt: '2021-05-18T12:10:19-04:00',
  currency: 'USD',
  customer: { email: 'ada@example.com', firstName: 'Ada', billing: { lastName: 'Lovelace', city: 'London', countryCode: 'GB' } },
  lines: [{ itemId: 'BOOK', quantity: 2, unitPrice: money(18), total: money(36) }],
  totals: { subtotal: money(36), discount: money(4), shippingHandling: money(4.95), tax: money(0), total: money(40.95) },
  couponCodes: ['TENOFF'],
};
const noHeaders = { get: () => null };

describe('ONTRAPORT REST requests', () => {
  it('builds contact fields without empty values', () => {
    expect(contactFields(order.customer)).toEqual({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', city: 'London', country: 'GB' });
  });

  it('logs the sale as charged: discounted unit prices, shipping, totals, external order id', () => {
    const body = processManualBody(order, 12, { BOOK: 5 });
    expect(body).toMatchObject({ contact_id: 12, chargeNow: 'chargeLog', external_order_id: 'DEMO-7', invoice_template: -1 });
    expect(body.trans_date).toBe(Date.parse('2021-05-18T16:10:19Z'));
    expect(body.offer.products).toEqual([
      { id: 5, quantity: 2, shipping: false, tax: false, taxable: false, type: 'single', price: [{ price: '18.00', payment_count: 1, unit: 'day' }] },
    ]);
    expect(body.offer.shipping).toEqual([{ name: 'Shipping & Handling', price: '4.95' }]);
    expect(body.offer.grandTotal).toBe('40.95');
    expect(() => processManualBody(order, 12, {})).toThrow('no ONTRAPORT product id for item BOOK');
  });

  it('searches products by exact name', () => {
    expect(JSON.parse(productNameCondition('The "Book"'))).toEqual([{ field: { field: 'name' }, op: '=', value: { value: 'The "Book"' } }]);
  });
});

describe('classifyResponse', () => {
  it('parks auth and validation failures, retries 5xx, waits on 429', () => {
    expect(classifyResponse(200, '{}', noHeaders)).toEqual({ kind: 'ok' });
    expect(classifyResponse(401, 'Your App ID and API Key do not authenticate.', noHeaders)).toMatchObject({ kind: 'permanent', code: 'ONTRAPORT_AUTH' });
    expect(classifyResponse(400, 'Invalid product id 9', noHeaders)).toMatchObject({ kind: 'permanent', message: 'Invalid product id 9' });
    expect(classifyResponse(503, '', noHeaders)).toMatchObject({ kind: 'transient', message: 'HTTP 503' });
    expect(classifyResponse(429, 'Too Many Requests', { get: (h) => (h === 'x-rate-limit-reset' ? '7' : null) })).toMatchObject({ kind: 'rate_limited', resetSeconds: 7 });
  });

  it('reads ids from create and merge shapes', () => {
    expect(readId({ code: 0, data: { id: '8' } })).toBe(8);
    expect(readId({ code: 0, data: { attrs: { id: '9' } } })).toBe(9);
    expect(readId({ code: 0, data: { invoice_id: 4 } })).toBe(4);
    expect(readId({ code: 0, data: 'Refunded' })).toBeUndefined();
  });
});
