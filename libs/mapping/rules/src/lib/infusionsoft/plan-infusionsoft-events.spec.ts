import { money, type AffiliateSignedUp, type CartAbandoned, type OrderShipped } from '@hub/domain';
import type { InfusionsoftAbandonedCartV1, InfusionsoftAffiliateV1, InfusionsoftShipmentV1 } from '@hub/messaging-contracts';
import { parseInfusionsoftSettings, type InfusionsoftSettings } from './infusionsoft-settings';
import { planInfusionsoftCartEvent } from './plan-infusionsoft-events';
import { infusionsoftProductLookup } from './plan-infusionsoft-order';

function settings(input: object = {}): InfusionsoftSettings {
  const parsed = parseInfusionsoftSettings(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.settings;
}
const ctx = { productIdOf: infusionsoftProductLookup(new Map()), repeatCustomer: false };
const plan = (key: string, event: object, s: InfusionsoftSettings | undefined) => planInfusionsoftCartEvent(key, event, s, ctx);

const shipped: OrderShipped = {
  merchantId: 'DEMO',
  orderId: 'DEMO-1',
  shippedAt: '2026-11-22',
  shippingMethod: 'UPS: Ground',
  trackingNumbers: ['1Z1', '1Z2'],
};
const abandoned: CartAbandoned = {
  merchantId: 'DEMO',
  cartId: 'C-1',
  customer: { email: 'bob@example.com', firstName: 'Bob' },
  currency: 'USD',
  lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(9), total: money(9) }],
  total: money(9),
};
const affiliate: AffiliateSignedUp = { merchantId: 'DEMO', affiliateId: '77', email: 'pat@example.com', firstName: 'Pat', approved: true };

describe('planInfusionsoftShipment', () => {
  const s = settings({ shippingFields: { shippedAt: '_ShipDate', trackingNumbers: '_Tracking' } });

  it('puts shipping and tracking into the configured custom order fields of the order', () => {
    const p = plan('cart.order.shipped.v1', shipped, s);
    const c = p.commands[0].payload as InfusionsoftShipmentV1;
    expect(p.commands[0].routingKey).toBe('crm.infusionsoft.shipment.v1');
    expect(c.customFields).toEqual({ _ShipDate: '2026-11-22', _Tracking: '1Z1, 1Z2' });
    expect(c.orderKey).toBe('infusionsoft:order:DEMO:DEMO-1');
  });

  it('keys by what the shipment says: the same facts twice are one command, a new tracking number another', () => {
    const key = (e: OrderShipped) => (plan('cart.order.shipped.v1', e, s).commands[0].payload as InfusionsoftShipmentV1).idempotencyKey;
    expect(key(shipped)).toBe(key({ ...shipped }));
    expect(key(shipped)).not.toBe(key({ ...shipped, trackingNumbers: ['1Z1', '1Z2', '1Z3'] }));
  });

  it('sends nothing without configured fields or with order creation skipped', () => {
    expect(plan('cart.order.shipped.v1', shipped, settings()).skipped[0].reason).toContain('no shipping custom order field');
    expect(plan('cart.order.shipped.v1', shipped, settings({ skipOrderCreation: true, shippingFields: { shippedAt: '_S' } })).commands).toEqual([]);
  });
});

describe('planInfusionsoftAbandonedCart', () => {
  it('needs a contact tag; adds product tags only with the Products box', () => {
    expect(plan('cart.cart.abandoned.v1', abandoned, settings()).skipped[0].reason).toContain('no abandoned-cart contact tag');
    const productTags = [{ itemId: 'BOOK', tags: ['Reader'] }];
    const without = plan('cart.cart.abandoned.v1', abandoned, settings({ abandonedCart: { contactTag: 'Abandoned' }, productTags }));
    expect((without.commands[0].payload as InfusionsoftAbandonedCartV1).steps.tags).toEqual(['Abandoned']);
    const withProducts = plan('cart.cart.abandoned.v1', abandoned, settings({ abandonedCart: { contactTag: 'Abandoned', productTags: true }, productTags }));
    const c = withProducts.commands[0].payload as InfusionsoftAbandonedCartV1;
    expect(c.steps).toEqual({ contact: { email: 'bob@example.com', fields: { Email: 'bob@example.com', FirstName: 'Bob' } }, tags: ['Abandoned', 'Reader'], actionSetIds: [] });
    expect(c.idempotencyKey).toBe('infusionsoft:abandoned-cart:DEMO:C-1');
  });
});

describe('planInfusionsoftAffiliate', () => {
  const s = settings({ affiliate: { enabled: true, tags: ['Affiliate'], approvedTag: 'Approved', pendingTag: 'Pending', actionSetId: 4 } });

  it('makes the affiliate a tagged contact, approved or pending', () => {
    const approved = plan('cart.affiliate.signed-up.v1', affiliate, s).commands[0].payload as InfusionsoftAffiliateV1;
    expect(approved.steps.tags).toEqual(['Affiliate', 'Approved']);
    expect(approved.steps.actionSetIds).toEqual([4]);
    const pending = plan('cart.affiliate.signed-up.v1', { ...affiliate, approved: false }, s).commands[0].payload as InfusionsoftAffiliateV1;
    expect(pending.steps.tags).toEqual(['Affiliate', 'Pending']);
    expect(pending.steps.actionSetIds).toEqual([]);
    expect(pending.idempotencyKey).not.toBe(approved.idempotencyKey);
  });

  it('sends nothing while affiliate → contact is off', () => {
    expect(plan('cart.affiliate.signed-up.v1', affiliate, settings()).commands).toEqual([]);
  });
});

describe('planInfusionsoftCartEvent', () => {
  it('ignores the events Infusionsoft does not take', () => {
    expect(plan('cart.item.upserted.v1', {}, settings()).skipped[0].reason).toBe('Infusionsoft does not take cart.item.upserted.v1');
  });

  it('treats a rebill as an order of a repeat customer', () => {
    const order = {
      merchantId: 'DEMO',
      orderId: 'DEMO-2',
      stage: 'Completed Order',
      currency: 'USD',
      customer: { email: 'ada@example.com', billing: {} },
      lines: [{ itemId: 'CLUB', quantity: 1, unitPrice: money(5), total: money(5) }],
      totals: { subtotal: money(5), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(5) },
      couponCodes: [],
    };
    const p = plan('cart.auto-order.rebilled.v1', { merchantId: 'DEMO', autoOrderCode: 'AO', recurring: true, rebillNumber: 1, order }, settings({ newCustomerTag: 'New', repeatCustomerTag: 'Repeat' }));
    expect(p.commands[0].payload).toMatchObject({ idempotencyKey: 'infusionsoft:order:DEMO:DEMO-2', steps: { tags: ['Repeat'] } });
  });
});
