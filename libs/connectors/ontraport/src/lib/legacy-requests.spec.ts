import { decodeProductsRequest } from '@hub/codecs-ontraport-xml';
import { money, Order } from '@hub/domain';
import { classifyLegacyFailure, legacyRequests, legacySaleTransaction } from './legacy-requests';
import { processManualBody } from './ontraport-rest';

const order: Order = {
  merchantId: 'M',
  orderId: 'M-1',
  stage: 'Completed Order',
  createdAt: '2026-11-24T10:00:00Z',
  currency: 'USD',
  customer: { email: 'a+b@example.com', billing: {} },
  lines: [
    { itemId: 'BOOK', quantity: 2, unitPrice: money(20), total: money(40) },
    { itemId: 'PEN', quantity: 1, unitPrice: money(2.5), total: money(2.5) },
  ],
  totals: { subtotal: money(42.5), discount: money(10), shippingHandling: money(4.95), tax: money(3.4), total: money(50.85) },
  couponCodes: ['FIVEOFF'],
};
const creds = { appId: 'app', apiKey: 'secret' };

describe('legacy sale', () => {
  it('logs every line as charged with ONTRAPORT\'s product precedence, then shipping and tax as named lines', () => {
    const data = JSON.parse(legacySaleTransaction(order, 9, { BOOK: { name: 'The Book', externalId: '42', productId: 7 }, PEN: { name: 'Pen', externalId: 'SKU-PEN' } }));
    expect(data).toEqual({
      contact_id: 9,
      date: Date.parse('2026-11-24T10:00:00Z') / 1000,
      products: [
        { product_id: 7, quantity: 2, external_id: 42, price: 20, name: 'The Book' },
        // A non-numeric external id cannot go in the legacy field: the name still finds the product.
        { quantity: 1, price: 2.5, name: 'Pen' },
        { quantity: 1, price: 4.95, name: 'Shipping & Handling' },
        { quantity: 1, price: 3.4, name: 'Sales Tax' },
      ],
    });
  });

  it('encodes requests the simulator and ONTRAPORT read back (data URL-encoded twice)', () => {
    const call = legacyRequests.refund(creds, 12, '5.00');
    expect(call).toMatchObject({ path: '/pdata.php', reqType: 'refund' });
    expect(decodeProductsRequest(call.body)).toMatchObject({ appId: 'app', key: 'secret', request: { reqType: 'refund', purchaseId: 12, amount: 5 } });
  });

  it('tells a refused key from other refusals', () => {
    expect(classifyLegacyFailure('Invalid App ID or API Key').kind).toBe('auth');
    expect(classifyLegacyFailure('Refund amount 15.00 exceeds the 14.00 left on purchase 1').kind).toBe('refused');
  });
});

describe('REST sale extras', () => {
  it('adds the tax as its own line and marks rebill lines as subscription charges', () => {
    const body = processManualBody(order, 9, { BOOK: 1, PEN: 2 }, { taxProductId: 3, recurring: true });
    expect(body.offer.products.map((p) => [p.id, p.quantity, p.type, p.price[0].price])).toEqual([
      [1, 2, 'subscription', '20.00'],
      [2, 1, 'subscription', '2.50'],
      [3, 1, 'single', '3.40'],
    ]);
    expect([body.offer.subTotal, body.offer.grandTotal]).toEqual(['45.90', '50.85']);
    expect(() => processManualBody(order, 9, { BOOK: 1, PEN: 2 })).toThrow(/tax/);
  });
});
