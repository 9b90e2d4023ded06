import { toDecimalString } from '../money';
import { hasLeftPaymentStage, placedDedupeKey, translateOrderEvent } from './order-events';
import { payloadOf, ucOrder, usd } from './uc-fixtures.spec-helper';

describe('order events', () => {
  it.each(['order_create', 'order_stage_change', 'order_payment_process', 'order_update'] as const)('%s places a paid order, under one key', (event) => {
    const t = translateOrderEvent(event, ucOrder(), 'DEMO');
    expect(t).toMatchObject({ outcome: 'cascade', orderId: 'DEMO-1', resourceId: 'DEMO-1' });
    expect(t.emits).toHaveLength(1);
    expect(t.emits[0]).toMatchObject({ type: 'order.placed', dedupeKey: 'DEMO:order.placed:DEMO-1', retention: 'order-lifetime' });
    expect(payloadOf(t.emits, 'order.placed').order.customer.email).toBe('ada@example.com');
  });

  it('does not place an order still in the payment stage', () => {
    const t = translateOrderEvent('order_create', ucOrder({ current_stage: 'Accounts Receivable' }), 'DEMO');
    expect(t).toMatchObject({ outcome: 'not_cascaded', orderId: 'DEMO-1', reason: 'stage Accounts Receivable has not left the payment stage' });
    expect(t.emits).toEqual([]);
  });

  it('sees from the stage history that an order on hold was paid, but never a rejected one', () => {
    const history = [{ before_stage: 'Accounts Receivable', after_stage: 'Shipping Department' }, { before_stage: 'Shipping Department', after_stage: 'Hold' }];
    expect(hasLeftPaymentStage(ucOrder({ current_stage: 'Hold', current_stage_histories: history }))).toBe(true);
    expect(hasLeftPaymentStage(ucOrder({ current_stage: 'Rejected', current_stage_histories: history }))).toBe(false);
    expect(hasLeftPaymentStage(ucOrder({ current_stage: 'Hold' }))).toBe(false);
  });

  it('order_ship: places the order if it was not yet, and carries tracking numbers and the date', () => {
    const t = translateOrderEvent(
      'order_ship',
      ucOrder({
        current_stage: 'Shipping Department',
        shipping: {
          shipping_method: 'UPS: Ground',
          shipping_date: '2026-11-21T09:00:00-05:00',
          tracking_numbers: ['1Z999'],
          tracking_number_details: [{ tracking_number: '1Z999' }, { tracking_number: '1Z998', expected_delivery_date: '2026-11-25' }],
        },
      }),
      'DEMO',
    );
    expect(t.emits.map((e) => e.type)).toEqual(['order.placed', 'order.shipped']);
    expect(payloadOf(t.emits, 'order.shipped')).toEqual({
      merchantId: 'DEMO',
      orderId: 'DEMO-1',
      customerEmail: 'ada@example.com',
      shippedAt: '2026-11-21T09:00:00-05:00',
      shippingMethod: 'UPS: Ground',
      trackingNumbers: ['1Z999', '1Z998'],
      expectedDeliveryAt: '2026-11-25',
    });
  });

  it('order_ship: a second shipment with other tracking numbers is a new event; the same one again is not', () => {
    const ship = (tracking: string[]) => translateOrderEvent('order_ship', ucOrder({ shipping: { tracking_numbers: tracking } }), 'DEMO').emits[1].dedupeKey;
    expect(ship(['A', 'B'])).toBe(ship(['B', 'A']));
    expect(ship(['A'])).not.toBe(ship(['A', 'C']));
    expect(ship(['A'])).toMatch(/^DEMO:order\.shipped:DEMO-1:[0-9a-f]{16}$/);
  });

  describe('order_refund', () => {
    it('a partial refund: item quantities and amounts, running totals', () => {
      const uc = ucOrder({
        refund_dts: '2026-11-22T10:00:00-05:00',
        refund_reason: 'damaged',
        items: [
          { merchant_item_id: 'BOOK', quantity: 2, cost: usd(20), quantity_refunded: 1, total_refunded: usd(20), refund_reason: 'damaged' },
          { merchant_item_id: 'PEN', quantity: 1, cost: usd(5) },
        ],
        summary: { total: usd(50), total_refunded: usd(20), subtotal_refunded: usd(20) },
      });
      const t = translateOrderEvent('order_refund', uc, 'DEMO');
      expect(t.emits.map((e) => e.type)).toEqual(['order.refunded']);
      const r = payloadOf(t.emits, 'order.refunded');
      expect(r).toMatchObject({ kind: 'partial', refundedAt: '2026-11-22T10:00:00-05:00', reason: 'damaged', currency: 'USD' });
      expect(toDecimalString(r.refunded.total)).toBe('20.00');
      expect(toDecimalString(r.orderTotal)).toBe('50.00');
      expect(r.lines).toEqual([{ itemId: 'BOOK', quantityRefunded: 1, amountRefunded: { minor: 2000, currency: 'USD' }, reason: 'damaged' }]);
    });

    it('a full refund, and a second refund of the same order is a new event while a redelivery is not', () => {
      const partial = ucOrder({ refund_dts: '2026-11-22T10:00:00Z', summary: { total: usd(50), total_refunded: usd(20) } });
      const full = ucOrder({ refund_dts: '2026-11-23T10:00:00Z', summary: { total: usd(50), total_refunded: usd(50) } });
      const key = (o: typeof partial) => translateOrderEvent('order_refund', o, 'DEMO').emits[0].dedupeKey;
      expect(payloadOf(translateOrderEvent('order_refund', full, 'DEMO').emits, 'order.refunded').kind).toBe('full');
      expect(key(partial)).not.toBe(key(full));
      expect(key(partial)).toBe(key(structuredClone(partial)));
    });

    it('a refunded payment without amounts is the whole order; no refund at all is not cascaded', () => {
      const refunded = ucOrder({ summary: { total: usd(50) }, payment: { payment_status: 'Refunded' } });
      const r = payloadOf(translateOrderEvent('order_refund', refunded, 'DEMO').emits, 'order.refunded');
      expect(r).toMatchObject({ kind: 'full', refunded: { total: { minor: 5000 } } });
      expect(translateOrderEvent('order_refund', ucOrder(), 'DEMO')).toMatchObject({ outcome: 'not_cascaded', reason: 'nothing has been refunded on this order' });
    });
  });

  it('order_payment_failed: a declined card, with the gateway reason; each attempt is its own event', () => {
    const declined = (attempts: number) =>
      ucOrder({
        current_stage: 'Accounts Receivable',
        payment: {
          payment_method: 'Credit Card',
          payment_status: 'Declined',
          transactions: Array.from({ length: attempts }, (_, n) => ({
            successful: false,
            transaction_id: n + 1,
            transaction_timestamp: `2026-11-2${n}T10:00:00Z`,
            details: [{ name: 'Response Reason Text', value: 'Insufficient funds' }],
          })),
        },
      });
    const t = translateOrderEvent('order_payment_failed', declined(1), 'DEMO');
    expect(t.emits.map((e) => e.type)).toEqual(['order.payment-failed']);
    expect(payloadOf(t.emits, 'order.payment-failed')).toMatchObject({
      cardDeclined: true,
      paymentStatus: 'Declined',
      reason: 'Insufficient funds',
      failedAt: '2026-11-20T10:00:00Z',
      stage: 'Accounts Receivable',
      total: { minor: 5000 },
    });
    expect(translateOrderEvent('order_payment_failed', declined(2), 'DEMO').emits[0].dedupeKey).not.toBe(t.emits[0].dedupeKey);
  });

  it('order_reject and order_delete', () => {
    const rejected = translateOrderEvent('order_reject', ucOrder({ current_stage: 'Rejected', reject_dts: '2026-11-21T00:00:00Z', reject_reason: 'fraud' }), 'DEMO');
    expect(payloadOf(rejected.emits, 'order.rejected')).toEqual({ merchantId: 'DEMO', orderId: 'DEMO-1', customerEmail: 'ada@example.com', rejectedAt: '2026-11-21T00:00:00Z', reason: 'fraud' });
    const deleted = translateOrderEvent('order_delete', { order_id: 'DEMO-1' }, 'DEMO');
    expect(deleted.emits).toEqual([{ type: 'order.deleted', dedupeKey: 'DEMO:order.deleted:DEMO-1', retention: 'redelivery', payload: { merchantId: 'DEMO', orderId: 'DEMO-1' } }]);
  });

  it('names what is missing', () => {
    expect(() => translateOrderEvent('order_refund', ucOrder({ order_id: undefined }), 'DEMO')).toThrow('order_id: is required');
    expect(() => translateOrderEvent('order_create', ucOrder({ billing: {} }), 'DEMO')).toThrow('billing.email: is required');
    expect(placedDedupeKey('M', 'O')).toBe('M:order.placed:O');
  });
});
