import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { affiliateSignedUp, CartEventEmit, translateWebhookEvent, UcOrder } from '@hub/domain';
import { CART_EVENT_ROUTING_KEYS } from './cart/cart-event-routing';
import { MAX_TRANSMISSION_BATCH_RECORDS } from './audit/transmission-batch-recorded.v1';
import { BATCH_CONTRACTS, CONTRACTS } from './registry';
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

  it('refuses a message whose required nested object is missing (ValidateNested alone lets undefined through)', () => {
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, { merchantId: 'DEMO', records: 'many' }))]).toEqual(['order']);
    const noTotal = placed();
    delete (noTotal.order.totals as Partial<typeof noTotal.order.totals>).total;
    delete (noTotal.order as Partial<typeof noTotal.order>).customer;
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, noTotal))].sort()).toEqual(['order.customer', 'order.totals.total']);
  });

  it('refuses an array where one object goes (ValidateNested alone checked each element as if it were the object)', () => {
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, { merchantId: 'DEMO', order: [] }))]).toEqual(['order']);
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, { merchantId: 'DEMO', order: [placed().order] }))]).toEqual(['order']);
    const totals = placed();
    (totals.order as Record<string, unknown>).totals = [totals.order.totals];
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, totals))]).toEqual(['order.totals']);
    const amount = placed();
    (amount.order.lines[0] as Record<string, unknown>).total = [money(1000)];
    expect([...new Set(problems(RoutingKeys.cart.orderPlaced, amount))]).toEqual(['order.lines.0.total']);
    const sale = { merchantId: 'DEMO', idempotencyKey: 'ontraport:sale:DEMO:DEMO-1', api: 'rest', order: [placed().order], products: [] };
    expect(problems(RoutingKeys.crm.ontraportSale, sale)).toContain('order');
  });

  it('refuses a list element that is itself a list (ValidateNested walked into it: lines: [[]] was an order with one empty line)', () => {
    const lines = (order: unknown[]) => ({ ...placed(), order: { ...placed().order, lines: order } });
    expect(problems(RoutingKeys.cart.orderPlaced, lines([[]]))).toEqual(['order.lines']);
    expect(problems(RoutingKeys.cart.orderPlaced, lines([placed().order.lines[0], null]))).toContain('order.lines');
    const refund = { merchantId: 'DEMO', orderId: 'DEMO-1', refundId: 'R-1', kind: 'full', amount: money(1000), lines: [[]] };
    expect(problems(RoutingKeys.cart.orderRefunded, refund)).toContain('lines');
    const sale = { merchantId: 'DEMO', idempotencyKey: 'ontraport:sale:DEMO:DEMO-1', api: 'rest', order: placed().order, productNames: {}, products: [[]] };
    expect(problems(RoutingKeys.crm.ontraportSale, sale)).toEqual(['products']);
  });

  it('refuses a merchant id that could escape a query or a routing key', () => {
    expect(problems(RoutingKeys.cart.orderPlaced, { ...placed(), merchantId: 'DEMO.#' })).toEqual(['merchantId']);
  });

  it('has a payload class for every routing key and RPC pattern it lists', () => {
    for (const key of Object.keys(CONTRACTS)) expect(typeof CONTRACTS[key]).toBe('function');
    expect(Object.keys(CONTRACTS)).toEqual(expect.arrayContaining(Object.values(RoutingKeys).flatMap((g) => Object.values(g))));
  });
});

describe('transmission batch envelope', () => {
  const key = RoutingKeys.audit.transmissionBatchRecorded;
  const fields = (body: unknown) => [...new Set(problems(key, body))];

  it('checks only the envelope: 1 to MAX records; each record is checked alone against the single form (BATCH_CONTRACTS)', () => {
    expect(fields({ records: [{ anything: true }, 'not even an object'] })).toEqual([]);
    expect(fields({ records: [] })).toEqual(['records']);
    expect(fields({ records: 'many' })).toEqual(['records']);
    expect(fields({})).toEqual(['records']);
    expect(fields({ records: Array.from({ length: MAX_TRANSMISSION_BATCH_RECORDS + 1 }, () => ({})) })).toEqual(['records']);
    expect(BATCH_CONTRACTS[key]).toEqual({ field: 'records', itemKey: RoutingKeys.audit.transmissionRecorded, maxItems: MAX_TRANSMISSION_BATCH_RECORDS });
  });
});

describe('the cart events the domain produces', () => {
  const usd = (value: number) => ({ value, currency_code: 'USD' });
  const order: UcOrder = {
    order_id: 'DEMO-1',
    current_stage: 'Shipping Department',
    billing: { email: 'ada@example.com', first_name: 'Ada' },
    items: [{ merchant_item_id: 'BOOK', quantity: 2, cost: usd(20), quantity_refunded: 1, total_refunded: usd(20) }],
    summary: { total: usd(40), total_refunded: usd(20) },
    shipping: { tracking_numbers: ['1Z'], shipping_date: '2026-11-21T00:00:00Z' },
    payment: { payment_method: 'Credit Card', payment_status: 'Declined' },
    reject_reason: 'fraud',
  };
  const autoOrder = { auto_order_code: 'AO-1', auto_order_oid: 1, status: 'canceled', cancel_upgrade: true, original_order: order, rebill_orders: [order], items: [{ original_item_id: 'CLUB' }] };
  const events: Array<[string, object]> = [
    ['order_ship', order],
    ['order_refund', order],
    ['order_payment_failed', order],
    ['order_reject', order],
    ['order_delete', { order_id: 'DEMO-1' }],
    ['auto_order_cancel', autoOrder],
    ['auto_order_rebill', autoOrder],
    ['checkout_cart_abandon', { cart_id: 'C-1', billing: { email: 'ada@example.com' }, items: [{ item_id: 'BOOK', quantity: 1, unit_cost: usd(20) }] }],
    ['item_update', { merchant_item_id: 'BOOK', merchant_item_oid: 5, pricing: { cost: 20 } }],
    ['item_delete', { merchant_item_id: 'BOOK' }],
  ];
  const emits: CartEventEmit[] = [
    ...events.flatMap(([name, resource], index) => translateWebhookEvent({ name, resource: resource as Record<string, unknown>, index }, 'DEMO').emits),
    affiliateSignedUp({ merchantId: 'DEMO', affiliateId: '77', email: 'pat@example.com', approved: true }),
  ];

  it('covers every cart routing key', () => {
    expect(new Set(emits.map((e) => CART_EVENT_ROUTING_KEYS[e.type]))).toEqual(new Set(Object.values(RoutingKeys.cart)));
  });

  it.each(emits.map((e) => [e.type, e] as const))('%s satisfies its contract', (_type, emit) => {
    expect(problems(CART_EVENT_ROUTING_KEYS[emit.type], JSON.parse(JSON.stringify(emit.payload)))).toEqual([]);
  });

  it('refuses a status the integrations do not send, and an abandoned cart without lines', () => {
    const status = emits.find((e) => e.type === 'auto-order.status-changed')?.payload;
    expect(problems(RoutingKeys.cart.autoOrderStatusChanged, { ...status, status: 'paused' })).toEqual(['status']);
    const cart = emits.find((e) => e.type === 'cart.abandoned')?.payload;
    expect(problems(RoutingKeys.cart.cartAbandoned, { ...cart, lines: [] })).toEqual(['lines']);
  });
});
