import { RoutingKeys } from '@hub/messaging-contracts';
import { SEED_PARAMETERS } from '@hub/order-import';
import { waitFor } from '@hub/testing';
import { AUTH, basic, legacyAnswer, legacyForm, MERCHANT, OrderImportHarness, restOrder , restAnswer } from './order-import-harness';

interface Placed {
  merchantId: string;
  order: { orderId: string; stage: string; customer: { email: string; billing: Record<string, string> }; lines: Array<{ itemId: string; quantity: number; unitPrice: { minor: number } }>; totals: { total: { minor: number } } };
}
interface Recorded {
  merchantId: string;
  type: string;
  status: string;
  orderId?: string;
  description: string;
  requestBody?: string;
  responseBody?: string;
  httpStatus?: number;
}

describe('order-import: importOrder over both interfaces, against the real RabbitMQ and PostgreSQL', () => {
  let hub: OrderImportHarness;
  const records: Recorded[] = [];

  async function recorded(match: (r: Recorded) => boolean): Promise<Recorded> {
    return waitFor(async () => {
      records.push(...(await hub.drainRecords<Recorded>('hub.audit-log')));
      return records.find(match);
    }, { what: 'the transmission record' });
  }
  const orders = () => hub.schema.query<{ order_id: string; stage: string; channel_partner_order_id: string; payment_status: string }>(`SELECT order_id, stage, channel_partner_order_id, payment_status FROM imported_orders ORDER BY order_id`);

  beforeAll(async () => {
    hub = await OrderImportHarness.start({ label: 'order_import' });
  }, 30_000);

  afterAll(() => hub?.close());

  afterEach(async () => {
    await hub.drain('hub.mapping');
  });

  it('imports a legacy form order, answers its id as name=value lines, and cascades it like a cart order', async () => {
    const answer = await legacyAnswer(await hub.postForm(legacyForm('CP-L1', { 'order.coupons[0]': 'SAVE10', 'order.arbitraryTax': '2.00', 'order.arbitraryShippingHandlingTotal': '4.95' })));
    expect(answer).toMatchObject({ status: 200, success: 'true', stage: 'Shipping Department', errors: [], warnings: [] });
    expect(answer.orderId).toMatch(/^M1-\d{10}$/);
    const [placed] = await hub.collect<Placed>(1, 'hub.mapping');
    expect(placed.routingKey).toBe(RoutingKeys.cart.orderPlaced);
    expect(placed.body.order).toMatchObject({
      orderId: answer.orderId,
      stage: 'Shipping Department',
      customer: { email: 'ada@example.com', billing: { countryCode: 'GB', firstName: 'Ada' } },
      lines: [{ itemId: 'BOOK', quantity: 2, unitPrice: { minor: 2500 } }],
      totals: { total: { minor: 5000 + 200 + 495 } },
      couponCodes: ['SAVE10'],
    });
    const record = await recorded((r) => r.orderId === answer.orderId);
    expect(record).toMatchObject({ merchantId: MERCHANT, type: 'import-order', status: 'succeeded', httpStatus: 200 });
  });

  it('accepts a request using every parameter of the seed, and keeps each (card-safe) with the order', async () => {
    const answer = await legacyAnswer(await hub.postForm(SEED_PARAMETERS));
    expect(answer).toMatchObject({ status: 200, success: 'true', stage: 'Shipping Department', errors: [] });
    const [row] = await hub.schema.query<{ request: Record<string, unknown> }>(`SELECT request FROM imported_orders WHERE order_id = $1`, [answer.orderId]);
    const kept = new Set(Object.keys(row.request));
    const sent = Object.keys(SEED_PARAMETERS)
      .filter((k) => k.startsWith('order.'))
      .map((k) => k.slice('order.'.length).replace(/\[.*$/, ''));
    const secret = ['creditCardNumber', 'creditCardVerificationNumber'];
    expect([...new Set(sent)].filter((k) => !secret.includes(k) && !kept.has(k))).toEqual([]);
    expect(row.request).toMatchObject({ creditCardLast4: '1111', creditCardBrand: 'Visa', creditCardToken: '***', billToCountry: 'GB', considerRecurring: true, customField7: 'c7' });
    expect(JSON.stringify(row.request)).not.toMatch(/4111 ?1111|731|verification/i);
    await hub.collect(1, 'hub.mapping');
  });

  it('imports a REST ChannelPartnerOrder and answers ChannelPartnerImportResponse', async () => {
    const res = await hub.postJson(restOrder('CP-R1'));
    expect(res.status).toBe(200);
    const body = await restAnswer(res);
    expect(body).toMatchObject({ success: true, import_errors: [], import_warnings: [], stage: 'Shipping Department' });
    expect(body.order_id).toMatch(/^M1-\d{10}$/);
    expect((await hub.collect<Placed>(1, 'hub.mapping'))[0].body.order.lines).toEqual([expect.objectContaining({ itemId: 'EBOOK', quantity: 1 })]);
  });

  it('refuses a GET of the legacy interface with 400, in its own text format', async () => {
    const res = await fetch(`${hub.base}/channel-partner/api?method=importOrder`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await legacyAnswer(res)).toMatchObject({ status: 400, success: 'false', errors: ['POST_REQUIRED: The channel partner API requires HTTP POST'] });
  });

  it('reports every error together, each naming its field in the caller\'s names, and stores nothing', async () => {
    const legacy = await legacyAnswer(
      await hub.postForm(legacyForm('CP-BAD', { 'order.billToFirstName': '', 'order.creditCardNumber': '4111 1111 1111 1112', 'order.items[0].itemId': 'GHOST', 'order.colour': 'red', 'order.customField1': 'x'.repeat(51) })),
    );
    expect(legacy.status).toBe(400);
    expect(legacy.errors).toEqual(
      expect.arrayContaining([
        'order.colour: is not a parameter of the importOrder API',
        'order.billToFirstName: is required',
        expect.stringMatching(/^order\.creditCardNumber: must be a 15 or 16 digit card number/),
        "order.items[0].itemId: GHOST is not in the merchant's catalog",
        'order.customField1: must be at most 50 characters',
      ]),
    );
    expect(legacy.text).not.toContain('4111');
    const rest = await hub.postJson(restOrder('CP-BAD-R', { billto_first_name: '', items: [{ merchant_item_id: 'EBOOK', quantity: 0 }], payment_method: 'PayPal' }));
    expect(rest.status).toBe(400);
    const body = await restAnswer(rest);
    expect(body.success).toBe(false);
    expect(body.order_id).toBeNull();
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['billto_first_name', 'items[0].quantity', 'payment_method']);
    expect(body.import_errors).toContain('billto_first_name: is required');
    expect((await orders()).map((o) => o.channel_partner_order_id)).not.toEqual(expect.arrayContaining(['CP-BAD', 'CP-BAD-R']));
    const record = await recorded((r) => r.description.includes('CP-BAD') && r.status === 'failed');
    expect(record.httpStatus).toBe(400);
  });

  it('refuses wrong credentials with 401 and stores nothing', async () => {
    const legacy = await hub.postForm(legacyForm('CP-AUTH', { 'credentials.channelPartnerPassword': 'wrong-password' }));
    // The legacy interface answers every refusal as its name=value lines, credentials included.
    expect(legacy.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await legacyAnswer(legacy)).toMatchObject({ status: 401, success: 'false', orderId: '', errors: [expect.stringMatching(/^credentials: /)] });
    expect((await hub.postJson(restOrder('CP-AUTH-R'), basic('SHOPX', 'nope'))).status).toBe(401);
    expect((await hub.postJson(restOrder('CP-AUTH-R'), basic('OTHER', 'partner-s3cret'))).status).toBe(401);
    expect((await orders()).filter((o) => o.channel_partner_order_id.startsWith('CP-AUTH'))).toEqual([]);
  });

  it.each([
    ['storeCompleted → Completed Order', { 'order.storeCompleted': 'Y' }, 'Completed Order', true],
    ['skipPaymentProcessing → Shipping Department', { 'order.paymentMethod': 'PayPal', 'order.skipPaymentProcessing': '1' }, 'Shipping Department', true],
    ['noRealtimePaymentProcessing → Accounts Receivable', { 'order.noRealtimePaymentProcessing': 'true' }, 'Accounts Receivable', false],
    ['a purchase order auto-approved → Shipping Department', { 'order.paymentMethod': 'Purchase Order', 'order.purchaseOrderNumber': 'PO-1', 'order.autoApprovePurchaseOrder': 'Y' }, 'Shipping Department', true],
    ['a purchase order not approved → Accounts Receivable', { 'order.paymentMethod': 'Purchase Order', 'order.purchaseOrderNumber': 'PO-2' }, 'Accounts Receivable', false],
    ['a check waits in Accounts Receivable', { 'order.paymentMethod': 'Check' }, 'Accounts Receivable', false],
    ['a declined card with storeIfPaymentDeclines → Accounts Receivable', { 'order.creditCardNumber': '4000 0000 0000 0002', 'order.storeIfPaymentDeclines': 'Y' }, 'Accounts Receivable', false],
    ['a token approves → Shipping Department', { 'order.creditCardNumber': '', 'order.creditCardType': '', 'order.creditCardToken': 'tok_visa' }, 'Shipping Department', true],
    ['a prior authorization is captured → Shipping Department', { 'order.creditCardNumber': '', 'order.creditCardAuthorizationReferenceNumber': '60123456789', 'order.creditCardAuthorizationAmount': '50.00', 'order.creditCardAuthorizationDts': '11/23/2026 10:00:00' }, 'Shipping Department', true],
  ])('%s', async (name, extra, stage, cascades) => {
    const id = `CP-ST-${name.length}-${stage.length}-${Object.keys(extra).length}`;
    // An empty value leaves the parameter out (a token or an authorization instead of the card).
    const form = Object.fromEntries(Object.entries(legacyForm(id, extra)).filter(([, v]) => v !== ''));
    const answer = await legacyAnswer(await hub.postForm(form));
    expect(answer).toMatchObject({ status: 200, success: 'true', stage });
    await new Promise((r) => setTimeout(r, 400));
    const placed = (await hub.drain<Placed>('hub.mapping')).filter((m) => m.body.order?.orderId === answer.orderId);
    expect(placed.length).toBe(cascades ? 1 : 0);
  });

  it('a declined card without storeIfPaymentDeclines is an error (402) and nothing is stored', async () => {
    const answer = await legacyAnswer(await hub.postForm(legacyForm('CP-DECLINE', { 'order.creditCardNumber': '4000000000000002' })));
    expect(answer).toMatchObject({ status: 402, success: 'false', orderId: '', errors: ['order.creditCardNumber: payment declined: card declined'] });
    expect((await orders()).filter((o) => o.channel_partner_order_id === 'CP-DECLINE')).toEqual([]);
  });

  it('warnings are errors by default; treatWarningsAsErrors=N imports with the warnings', async () => {
    const strict = await legacyAnswer(await hub.postForm(legacyForm('CP-W1', { 'order.coupons[0]': 'BOGUS' })));
    expect(strict).toMatchObject({ status: 400, errors: ['order.coupons[0]: BOGUS is not a coupon of the merchant'] });
    const lenient = await legacyAnswer(await hub.postForm(legacyForm('CP-W2', { 'order.coupons[0]': 'BOGUS', 'order.items[1].itemId': 'SOON', 'order.items[1].quantity': '1', 'order.treatWarningsAsErrors': 'N' })));
    expect(lenient).toMatchObject({ status: 200, success: 'true', warnings: ['order.items[1].itemId: SOON is a pre-order item', 'order.coupons[0]: BOGUS is not a coupon of the merchant'] });
  });

  it('an order held in Accounts Receivable cascades once when it later moves on', async () => {
    const answer = await legacyAnswer(await hub.postForm(legacyForm('CP-AR', { 'order.noRealtimePaymentProcessing': 'Y' })));
    expect(answer.stage).toBe('Accounts Receivable');
    await new Promise((r) => setTimeout(r, 300));
    expect((await hub.drain<Placed>('hub.mapping')).filter((m) => m.body.order.orderId === answer.orderId)).toEqual([]);
    const moved = await hub.request('PUT', `/channel_partner/${MERCHANT}/orders/${answer.orderId}/stage`, { stage: 'Shipping Department' });
    expect(await restAnswer(moved)).toMatchObject({ success: true, stage: 'Shipping Department' });
    const again = await hub.request('PUT', `/channel_partner/${MERCHANT}/orders/${answer.orderId}/stage`, { stage: 'Completed Order' });
    expect(again.status).toBe(200);
    const placed = (await hub.collect<Placed>(1, 'hub.mapping')).filter((m) => m.body.order.orderId === answer.orderId);
    expect(placed.map((p) => [p.routingKey, p.body.order.orderId, p.body.order.stage])).toEqual([[RoutingKeys.cart.orderPlaced, answer.orderId, 'Shipping Department']]);
    expect((await orders()).find((o) => o.order_id === answer.orderId)).toMatchObject({ stage: 'Completed Order', payment_status: 'Processed' });
    expect((await hub.request('PUT', `/channel_partner/${MERCHANT}/orders/${answer.orderId}/stage`, { stage: 'Limbo' })).status).toBe(400);
  });

  it('answers the catalog as loaded by CSV, and names each bad line and column of a CSV', async () => {
    const list = (await (await hub.request('GET', `/channel_partner/${MERCHANT}/catalog`)).json()) as Array<{ itemId: string }>;
    expect(list.find((i) => i.itemId === 'BOOK')).toMatchObject({ priceMinor: 2500, physical: true, options: [{ name: 'Cover', required: true, values: ['Hard', 'Soft'] }, { name: 'Inscription', required: false, values: [] }] });
    const bad = await fetch(`${hub.base}/channel_partner/${MERCHANT}/catalog`, { method: 'PUT', headers: { authorization: AUTH, 'content-type': 'text/csv' }, body: 'item_id,price,physical\nA,abc,Y\n,1.00,maybe\n' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort()).toEqual(['line 2.price', 'line 3.item_id', 'line 3.physical']);
  });
});
