import { money, Order } from '@hub/domain';
import { planOrderPlaced, OntraportSalePayload } from './plan-order-placed';

const order: Order = {
  merchantId: 'DEMO',
  orderId: 'DEMO-1',
  stage: 'Completed Order',
  currency: 'USD',
  customer: { email: 'a@example.com', billing: {} },
  lines: [
    { itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) },
    { itemId: 'PEN', quantity: 2, unitPrice: money(1), total: money(2) },
  ],
  totals: { subtotal: money(12), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(12) },
  couponCodes: [],
};

describe('planOrderPlaced', () => {
  it('sends an ONTRAPORT sale with mapped names, falling back to the item id', () => {
    const plan = planOrderPlaced(order, { merchantId: 'DEMO', ontraport: { enabled: true, productNames: { BOOK: 'The Book' } } });
    expect(plan.commands).toHaveLength(1);
    const p = plan.commands[0].payload as OntraportSalePayload;
    expect(plan.commands[0].routingKey).toBe('crm.ontraport.sale.v1');
    expect(p.productNames).toEqual({ BOOK: 'The Book', PEN: 'PEN' });
    expect(p.idempotencyKey).toBe('ontraport:sale:DEMO:DEMO-1');
    expect(plan.commands[0].reason).toContain('1 of 2');
  });

  it('sends nothing, and says why, when ONTRAPORT is off or not configured', () => {
    expect(planOrderPlaced(order, { merchantId: 'DEMO', ontraport: { enabled: false, productNames: {} } })).toEqual({
      commands: [],
      skipped: [{ integration: 'ontraport', reason: 'disabled by the merchant' }],
    });
    expect(planOrderPlaced(order, undefined).skipped[0].reason).toBe('not configured for this merchant');
  });

  it('gives the same idempotency key for a redelivered order', () => {
    const cfg = { merchantId: 'DEMO', ontraport: { enabled: true, productNames: {} } };
    expect(planOrderPlaced(order, cfg)).toEqual(planOrderPlaced(order, cfg));
  });
});
