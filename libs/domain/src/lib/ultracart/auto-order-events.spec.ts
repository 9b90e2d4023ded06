import { AutoOrderEventName, autoOrderStatus, translateAutoOrderEvent } from './auto-order-events';
import { UcAutoOrder } from './ultracart-resources';
import { payloadOf, ucOrder } from './uc-fixtures.spec-helper';

const autoOrder = (overrides: Partial<UcAutoOrder> = {}): UcAutoOrder => ({
  merchant_id: 'DEMO',
  auto_order_code: 'AO-7',
  auto_order_oid: 7,
  original_order_id: 'DEMO-1',
  original_order: ucOrder(),
  status: 'active',
  enabled: true,
  next_attempt: '2026-12-20T10:00:00Z',
  items: [{ original_item_id: 'CLUB' }],
  ...overrides,
});

describe('auto order status', () => {
  it.each<[AutoOrderEventName, Partial<UcAutoOrder>, string]>([
    ['auto_order_create', {}, 'active'],
    ['auto_order_update', {}, 'active'],
    ['auto_order_decline', { failure_reason: 'Card declined', credit_card_attempt: 1 }, 'card declined'],
    ['auto_order_update', { failure_reason: 'Card declined', credit_card_attempt: 2 }, 'card declined'],
    ['auto_order_cancel', { status: 'canceled', cancel_upgrade: true }, 'cancelled upgrade'],
    ['auto_order_cancel', { status: 'canceled', cancel_downgrade: true }, 'cancelled download'],
    ['auto_order_cancel', { status: 'canceled', cancel_reason: 'too expensive' }, 'cancelled'],
    ['auto_order_update', { status: 'canceled' }, 'cancelled'],
    ['auto_order_update', { status: 'merged', merged_into_auto_order_oid: 8 }, 'cancelled'],
    ['auto_order_disable', { status: 'disabled', enabled: false }, 'terminated'],
    ['auto_order_update', { status: 'disabled', enabled: false }, 'terminated'],
    ['auto_order_update', { status: undefined, enabled: false, disabled_dts: '2026-11-30T00:00:00Z' }, 'terminated'],
  ])('%s with %j is %s', (event, overrides, status) => {
    expect(autoOrderStatus(event, autoOrder(overrides))).toBe(status);
  });

  it('carries the status, reason and items, and is not cascaded when the status is unknown', () => {
    const t = translateAutoOrderEvent('auto_order_cancel', autoOrder({ status: 'canceled', cancel_reason: 'moved', canceled_dts: '2026-11-30T00:00:00Z' }), 'DEMO');
    expect(t).toMatchObject({ outcome: 'cascade', resourceId: 'AO-7', orderId: 'DEMO-1' });
    expect(payloadOf(t.emits, 'auto-order.status-changed')).toEqual({
      merchantId: 'DEMO',
      autoOrderCode: 'AO-7',
      autoOrderOid: 7,
      originalOrderId: 'DEMO-1',
      customerEmail: 'ada@example.com',
      status: 'cancelled',
      cartStatus: 'canceled',
      reason: 'moved',
      changedAt: '2026-11-30T00:00:00Z',
      nextAttemptAt: '2026-12-20T10:00:00Z',
      itemIds: ['CLUB'],
    });
    expect(translateAutoOrderEvent('auto_order_update', autoOrder({ status: 'paused', enabled: undefined }), 'DEMO')).toMatchObject({ outcome: 'not_cascaded' });
  });

  it('one fact revealed by two events is one event; a recovery after a decline is a new active', () => {
    const cancelled = autoOrder({ status: 'canceled', canceled_dts: '2026-11-30T00:00:00Z' });
    const key = (event: AutoOrderEventName, ao: UcAutoOrder) => translateAutoOrderEvent(event, ao, 'DEMO').emits[0].dedupeKey;
    expect(key('auto_order_cancel', cancelled)).toBe(key('auto_order_update', cancelled));
    const active = key('auto_order_create', autoOrder());
    const declined = key('auto_order_decline', autoOrder({ failure_reason: 'declined', credit_card_attempt: 1 }));
    const recovered = key('auto_order_update', autoOrder({ next_attempt: '2027-01-20T10:00:00Z' }));
    expect(new Set([active, declined, recovered]).size).toBe(3);
  });

  it('a rebill is a recurring sale of the newest rebill order', () => {
    const rebills = [
      ucOrder({ order_id: 'DEMO-3', creation_dts: '2027-01-20T10:00:00Z' }),
      ucOrder({ order_id: 'DEMO-2', creation_dts: '2026-12-20T10:00:00Z' }),
    ];
    const t = translateAutoOrderEvent('auto_order_rebill', autoOrder({ rebill_orders: rebills }), 'DEMO');
    expect(t.emits[0]).toMatchObject({ type: 'auto-order.rebilled', dedupeKey: 'DEMO:auto-order.rebilled:AO-7:DEMO-3' });
    expect(payloadOf(t.emits, 'auto-order.rebilled')).toMatchObject({ recurring: true, rebillNumber: 2, autoOrderCode: 'AO-7', order: { orderId: 'DEMO-3' } });
  });

  it('names what is missing, also inside a rebill order', () => {
    expect(() => translateAutoOrderEvent('auto_order_create', autoOrder({ auto_order_code: undefined, auto_order_oid: undefined }), 'DEMO')).toThrow('auto_order_code: is required');
    expect(() => translateAutoOrderEvent('auto_order_rebill', autoOrder(), 'DEMO')).toThrow('rebill_orders: must hold the new order');
    expect(() => translateAutoOrderEvent('auto_order_rebill', autoOrder({ rebill_orders: [ucOrder({ billing: {} })] }), 'DEMO')).toThrow('rebill_orders[0].billing.email: is required');
  });
});
