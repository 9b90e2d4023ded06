import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DedupeStore } from '@hub/ingest-service';
import { CONTRACTS, RoutingKeys } from '@hub/messaging-contracts';
import { ucAutoOrderFixture, ucCartFixture, ucItemFixture, ucOrderFixture } from '@hub/testing';
import { IngestHarness, receiptOf } from './ingest-harness';

const usd = (value: number) => ({ value, currency_code: 'USD' });

/** One delivery with every event type the hub takes, as UltraCart would bundle them. */
function everyEventBundle() {
  const rebill = ucOrderFixture('R-100-2', { creation_dts: '2026-12-24T12:00:00-05:00' });
  return {
    events: [
      { order_create: ucOrderFixture('O-100') },
      { order_stage_change: ucOrderFixture('O-101', { current_stage: 'Shipping Department' }) },
      { order_payment_process: ucOrderFixture('O-102', { current_stage: 'Shipping Department' }) },
      { order_update: ucOrderFixture('O-103') },
      {
        order_refund: ucOrderFixture('O-100', {
          refund_dts: '2026-11-25T10:00:00-05:00',
          refund_reason: 'damaged',
          items: [
            { merchant_item_id: 'BOOK-1', quantity: 2, cost: usd(20), quantity_refunded: 1, total_refunded: usd(18) },
            { merchant_item_id: 'PEN-7', quantity: 1, cost: usd(3.5) },
          ],
          summary: { total: usd(44.45), total_refunded: usd(18), subtotal_refunded: usd(18) },
        }),
      },
      { order_ship: ucOrderFixture('O-101', { current_stage: 'Completed Order', shipping: { shipping_date: '2026-11-25T08:00:00-05:00', tracking_numbers: ['1Z999AA10123456784'] } }) },
      { order_payment_failed: ucOrderFixture('O-104', { current_stage: 'Accounts Receivable', payment: { payment_method: 'Credit Card', payment_status: 'Declined', transactions: [{ successful: false, transaction_id: 9, details: [{ name: 'Response Reason', value: 'Do not honor' }] }] } }) },
      { order_reject: ucOrderFixture('O-105', { current_stage: 'Rejected', reject_dts: '2026-11-25T09:00:00-05:00', reject_reason: 'fraud' }) },
      { order_delete: { merchant_id: 'DEMO', order_id: 'O-106' } },
      { auto_order_create: ucAutoOrderFixture('AO-1') },
      { auto_order_rebill: ucAutoOrderFixture('AO-1', { rebill_orders: [rebill] }) },
      { auto_order_decline: ucAutoOrderFixture('AO-2', { credit_card_attempt: 1, failure_reason: 'Card declined' }) },
      { auto_order_cancel: ucAutoOrderFixture('AO-3', { status: 'canceled', cancel_upgrade: true, canceled_dts: '2026-11-25T10:00:00-05:00' }) },
      { auto_order_disable: ucAutoOrderFixture('AO-4', { status: 'disabled', enabled: false, disabled_dts: '2026-11-25T10:00:00-05:00' }) },
      { auto_order_update: ucAutoOrderFixture('AO-5', { status: 'canceled', cancel_downgrade: true }) },
      { checkout_cart_abandon: ucCartFixture('CART-1') },
      { item_create: ucItemFixture('BOOK-9') },
      { item_update: ucItemFixture('BOOK-8', { pricing: { cost: 24.5, currency_code: 'USD' } }) },
      { item_delete: { merchant_id: 'DEMO', merchant_item_id: 'BOOK-7', merchant_item_oid: 77 } },
      { customer_update: { customer_profile_oid: 5, email: 'ada@example.com' } },
    ],
  };
}

function contractProblems(routingKey: string, body: unknown): string[] {
  const errors = validateSync(plainToInstance(CONTRACTS[routingKey], body) as object, { forbidUnknownValues: true });
  return errors.map((e) => e.property);
}

describe('ingest: every cart event becomes its canonical event, once', () => {
  let hub: IngestHarness;

  beforeAll(async () => {
    hub = await IngestHarness.start({ label: 'ingest_events' });
  }, 30_000);

  afterAll(() => hub?.close());

  afterEach(async () => {
    await hub.drain();
  });

  it('publishes each event type under its routing key, keyed, valid, and answers one outcome per event', async () => {
    const res = await hub.post(everyEventBundle());
    expect(res.status).toBe(200);
    const receipt = await receiptOf(res);
    expect(receipt.received).toBe(20);
    expect(receipt.events.map((e) => [e.event, e.outcome, e.published])).toEqual([
      ['order_create', 'published', [RoutingKeys.cart.orderPlaced]],
      ['order_stage_change', 'published', [RoutingKeys.cart.orderPlaced]],
      ['order_payment_process', 'published', [RoutingKeys.cart.orderPlaced]],
      ['order_update', 'published', [RoutingKeys.cart.orderPlaced]],
      ['order_refund', 'published', [RoutingKeys.cart.orderRefunded]],
      // O-101 was placed by the stage change above: only the shipment is new.
      ['order_ship', 'published', [RoutingKeys.cart.orderShipped]],
      ['order_payment_failed', 'published', [RoutingKeys.cart.orderPaymentFailed]],
      ['order_reject', 'published', [RoutingKeys.cart.orderRejected]],
      ['order_delete', 'published', [RoutingKeys.cart.orderDeleted]],
      ['auto_order_create', 'published', [RoutingKeys.cart.autoOrderStatusChanged]],
      ['auto_order_rebill', 'published', [RoutingKeys.cart.autoOrderRebilled]],
      ['auto_order_decline', 'published', [RoutingKeys.cart.autoOrderStatusChanged]],
      ['auto_order_cancel', 'published', [RoutingKeys.cart.autoOrderStatusChanged]],
      ['auto_order_disable', 'published', [RoutingKeys.cart.autoOrderStatusChanged]],
      ['auto_order_update', 'published', [RoutingKeys.cart.autoOrderStatusChanged]],
      ['checkout_cart_abandon', 'published', [RoutingKeys.cart.cartAbandoned]],
      ['item_create', 'published', [RoutingKeys.cart.itemUpserted]],
      ['item_update', 'published', [RoutingKeys.cart.itemUpserted]],
      ['item_delete', 'published', [RoutingKeys.cart.itemDeleted]],
      ['customer_update', 'ignored', undefined],
    ]);
    expect(receipt.events[19].reason).toBe('customer_update is not an event the hub cascades');

    const messages = await hub.collect(19);
    expect(messages).toHaveLength(19);
    for (const m of messages) {
      expect(contractProblems(m.routingKey, m.body)).toEqual([]);
      expect(m.properties.messageId).toMatch(/^M1:/);
      expect(m.properties.deliveryMode).toBe(2);
    }
    const byKey = (key: string) => messages.filter((m) => m.routingKey === key).map((m) => m.body);
    expect(byKey(RoutingKeys.cart.orderPlaced).map((b) => (b['order'] as { orderId: string }).orderId).sort()).toEqual(['O-100', 'O-101', 'O-102', 'O-103']);
    expect(byKey(RoutingKeys.cart.orderRefunded)).toEqual([
      expect.objectContaining({
        orderId: 'O-100',
        kind: 'partial',
        refundedAt: '2026-11-25T10:00:00-05:00',
        refunded: expect.objectContaining({ total: { minor: 1800, currency: 'USD' } }),
        lines: [{ itemId: 'BOOK-1', quantityRefunded: 1, amountRefunded: { minor: 1800, currency: 'USD' } }],
      }),
    ]);
    expect(byKey(RoutingKeys.cart.orderShipped)).toEqual([expect.objectContaining({ orderId: 'O-101', trackingNumbers: ['1Z999AA10123456784'], shippedAt: '2026-11-25T08:00:00-05:00' })]);
    expect(byKey(RoutingKeys.cart.orderPaymentFailed)).toEqual([expect.objectContaining({ orderId: 'O-104', cardDeclined: true, reason: 'Do not honor' })]);
    expect(byKey(RoutingKeys.cart.orderRejected)).toEqual([expect.objectContaining({ orderId: 'O-105', reason: 'fraud' })]);
    expect(byKey(RoutingKeys.cart.orderDeleted)).toEqual([{ merchantId: 'M1', orderId: 'O-106' }]);
    expect(byKey(RoutingKeys.cart.autoOrderStatusChanged).map((b) => [b['autoOrderCode'], b['status']]).sort()).toEqual([
      ['AO-1', 'active'],
      ['AO-2', 'card declined'],
      ['AO-3', 'cancelled upgrade'],
      ['AO-4', 'terminated'],
      ['AO-5', 'cancelled download'],
    ]);
    expect(byKey(RoutingKeys.cart.autoOrderRebilled)).toEqual([expect.objectContaining({ autoOrderCode: 'AO-1', recurring: true, order: expect.objectContaining({ orderId: 'R-100-2' }) })]);
    expect(byKey(RoutingKeys.cart.cartAbandoned)).toEqual([expect.objectContaining({ cartId: 'CART-1', customer: expect.objectContaining({ email: 'ada@example.com' }), lines: [expect.objectContaining({ itemId: 'BOOK-1', quantity: 1 })] })]);
    expect(byKey(RoutingKeys.cart.itemUpserted).map((b) => [(b['item'] as { itemId: string }).itemId, b['created']]).sort()).toEqual([
      ['BOOK-8', false],
      ['BOOK-9', true],
    ]);
    expect(byKey(RoutingKeys.cart.itemDeleted)).toEqual([{ merchantId: 'M1', itemId: 'BOOK-7', itemOid: 77 }]);
  });

  it('a redelivered bundle publishes nothing, also after a restart', async () => {
    const first = await receiptOf(await hub.post(everyEventBundle()));
    expect(first.events.filter((e) => e.outcome !== 'ignored').every((e) => e.outcome === 'duplicate')).toBe(true);
    await hub.restart();
    const again = await receiptOf(await hub.post(everyEventBundle()));
    expect(again.events.map((e) => e.outcome)).toEqual([...Array(19).fill('duplicate'), 'ignored']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await hub.drain()).toEqual([]);
  });

  it('an order is placed once whichever events reveal it, and a later refund is a new event', async () => {
    const held = await receiptOf(await hub.post({ events: [{ order_create: ucOrderFixture('O-200', { current_stage: 'Accounts Receivable' }) }] }));
    expect(held.events[0]).toMatchObject({ outcome: 'not_cascaded', orderId: 'O-200', reason: 'stage Accounts Receivable has not left the payment stage' });
    const paid = ucOrderFixture('O-200', { current_stage: 'Shipping Department' });
    const res = await receiptOf(
      await hub.post({ events: [{ order_payment_process: paid }, { order_stage_change: paid }, { order_ship: { ...paid, shipping: { tracking_numbers: ['T1'] } } }] }),
    );
    expect(res.events.map((e) => [e.outcome, e.published])).toEqual([
      ['published', [RoutingKeys.cart.orderPlaced]],
      ['duplicate', undefined],
      ['published', [RoutingKeys.cart.orderShipped]],
    ]);
    expect((await receiptOf(await hub.post({ events: [{ order_update: ucOrderFixture('O-200') }] }))).events[0].outcome).toBe('duplicate');

    const refund = (total: number, dts: string) => ({ order_refund: ucOrderFixture('O-200', { refund_dts: dts, summary: { total: usd(44.45), total_refunded: usd(total) } }) });
    const partial = await receiptOf(await hub.post({ events: [refund(10, '2026-11-26T10:00:00Z')] }));
    const full = await receiptOf(await hub.post({ events: [refund(44.45, '2026-11-27T10:00:00Z'), refund(10, '2026-11-26T10:00:00Z')] }));
    expect(partial.events[0].outcome).toBe('published');
    expect(full.events.map((e) => e.outcome)).toEqual(['published', 'duplicate']);
    const messages = await hub.collect(4);
    expect(messages.map((m) => m.routingKey)).toEqual([RoutingKeys.cart.orderPlaced, RoutingKeys.cart.orderShipped, RoutingKeys.cart.orderRefunded, RoutingKeys.cart.orderRefunded]);
    expect(messages.slice(2).map((m) => m.body['kind'])).toEqual(['partial', 'full']);
  });

  it('keeps each delivery its own outcomes when concurrent deliveries share dedupe statements', async () => {
    const bundle = (n: number) => ({ events: [{ item_update: ucItemFixture(`CONC-${n}`) }, { item_update: ucItemFixture(`CONC-${n}`) }, { order_create: ucOrderFixture(`O-CONC-${n}`) }] });
    const first = await Promise.all(Array.from({ length: 24 }, (_, n) => hub.post(bundle(n)).then(receiptOf)));
    expect(first.every((r) => r.events.map((e) => e.outcome).join() === 'published,duplicate,published')).toBe(true);
    expect(await hub.collect(48)).toHaveLength(48);
    const keys = await hub.schema.query<{ n: string }>(`SELECT count(*) AS n FROM dedupe_keys WHERE key LIKE 'M1:%CONC-%'`);
    expect(Number(keys[0].n)).toBe(48);
    // The whole set again, at once, plus one new delivery among them: only the new one publishes.
    const again = await Promise.all([...Array.from({ length: 24 }, (_, n) => hub.post(bundle(n))), hub.post(bundle(99))].map((p) => p.then(receiptOf)));
    expect(again.slice(0, 24).every((r) => r.events.every((e) => e.outcome === 'duplicate'))).toBe(true);
    expect(again[24].events.map((e) => e.outcome)).toEqual(['published', 'duplicate', 'published']);
    expect(await hub.collect(2)).toHaveLength(2);
  });

  it('remembers keys in PostgreSQL until they expire: an expired key publishes again, and is purged', async () => {
    const bundle = { events: [{ item_update: ucItemFixture('EXPIRING') }] };
    expect((await receiptOf(await hub.post({ events: [{ order_create: ucOrderFixture('O-300') }, ...bundle.events] }))).events.map((e) => e.outcome)).toEqual(['published', 'published']);
    const [row] = await hub.schema.query<{ key: string; days: number }>(
      `SELECT key, round(extract(epoch FROM expires_at - created_at) / 86400) AS days FROM dedupe_keys WHERE key LIKE 'M1:item.upserted:EXPIRING:%'`,
    );
    expect(Number(row.days)).toBe(30);
    const [placed] = await hub.schema.query<{ days: number }>(`SELECT round(extract(epoch FROM expires_at - created_at) / 86400) AS days FROM dedupe_keys WHERE key = 'M1:order.placed:O-300'`);
    expect(Number(placed.days)).toBe(400);
    expect((await receiptOf(await hub.post(bundle))).events[0].outcome).toBe('duplicate');

    await hub.schema.query(`UPDATE dedupe_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [row.key]);
    expect((await receiptOf(await hub.post(bundle))).events[0].outcome).toBe('published');
    await hub.schema.query(`UPDATE dedupe_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [row.key]);
    expect(await hub.app.get(DedupeStore).purgeExpired()).toBe(1);
    expect(await hub.schema.query(`SELECT 1 FROM dedupe_keys WHERE key = $1`, [row.key])).toEqual([]);
    expect(await hub.collect(3)).toHaveLength(3);
  });
});
