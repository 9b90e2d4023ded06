import { translateWebhookEvent } from './translate-webhook-event';
import { ucOrder } from './uc-fixtures.spec-helper';

const event = (name: string, resource: Record<string, unknown>, index = 0) => ({ name, resource, index });

describe('translateWebhookEvent', () => {
  it('routes each family of events', () => {
    expect(translateWebhookEvent(event('order_create', { ...ucOrder() }), 'DEMO').emits.map((e) => e.type)).toEqual(['order.placed']);
    expect(translateWebhookEvent(event('auto_order_create', { auto_order_code: 'AO', status: 'active' }), 'DEMO').emits.map((e) => e.type)).toEqual(['auto-order.status-changed']);
    expect(translateWebhookEvent(event('item_delete', { merchant_item_id: 'X' }), 'DEMO').emits.map((e) => e.type)).toEqual(['item.deleted']);
    expect(translateWebhookEvent(event('checkout_cart_abandon', { cart_id: 'C', billing: { email: 'a@b.c' }, items: [{ item_id: 'X' }] }), 'DEMO').emits.map((e) => e.type)).toEqual(['cart.abandoned']);
  });

  it('ignores events it does not take, known or not', () => {
    expect(translateWebhookEvent(event('customer_update', { customer_profile_oid: 1 }), 'DEMO')).toEqual({ outcome: 'ignored', reason: 'customer_update is not an event the hub cascades', emits: [] });
    expect(translateWebhookEvent(event('order_teleport', {}), 'DEMO').outcome).toBe('ignored');
  });

  it('rejects a broken resource naming the event and field, without throwing', () => {
    expect(translateWebhookEvent(event('order_refund', { current_stage: 'Completed Order' }, 3), 'DEMO')).toEqual({
      outcome: 'rejected',
      resourceId: undefined,
      orderId: undefined,
      reason: 'events[3].order_refund.order_id: is required',
      emits: [],
    });
    const wrongType = translateWebhookEvent(event('order_create', { ...ucOrder(), items: 'lots' }), 'DEMO');
    expect(wrongType).toMatchObject({ outcome: 'rejected', orderId: 'DEMO-1' });
    expect(wrongType.reason).toMatch(/^events\[0\]\.order_create\.could not be read/);
  });
});
