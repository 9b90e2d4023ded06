import { money, type AutoOrderStatusChanged, type Order, type OrderRefunded } from '@hub/domain';
import type { OntraportAffiliateSignupV1, OntraportAutoOrderStatusV1, OntraportProductUpsertV1, OntraportRefundV1, OntraportSaleV1 } from '@hub/messaging-contracts';
import { buildConversionPixel } from './conversion-pixel';
import { lookupFromRecord } from './ontraport-product-lookup';
import { OntraportSettings, parseOntraportSettings } from './ontraport-settings';
import { planOntraportCartEvent } from './plan-ontraport-event';
import { planOntraportSyncNow } from './plan-ontraport';

const settings = (input: object = {}): OntraportSettings => {
  const r = parseOntraportSettings(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.settings;
};
const order = (orderId = 'M1-1'): Order => ({
  merchantId: 'M1',
  orderId,
  stage: 'Completed Order',
  currency: 'USD',
  customer: { email: 'a@example.com', billing: {} },
  lines: [
    { itemId: 'BOOK', quantity: 1, unitPrice: money(9), total: money(9) },
    { itemId: 'PEN', quantity: 2, unitPrice: money(1), total: money(2) },
  ],
  totals: { subtotal: money(11), discount: money(1), shippingHandling: money(5), tax: money(0.88), total: money(16.88) },
  couponCodes: ['TENOFF'],
});
const lookup = lookupFromRecord({ BOOK: { name: 'The Book', externalId: 'B-1' } });
const payload = <T>(p: { commands: Array<{ payload: unknown }> }) => p.commands[0]?.payload as T;

describe('ONTRAPORT planners', () => {
  it('plans a sale with product refs (mapping, else the item id), coupons and amounts named in the reason', () => {
    const plan = planOntraportCartEvent('cart.order.placed.v1', { merchantId: 'M1', order: order() }, settings({ apiMethod: 'legacy-xml' }), lookup);
    const sale = payload<OntraportSaleV1>(plan);
    expect(plan.commands[0].routingKey).toBe('crm.ontraport.sale.v1');
    expect(sale).toMatchObject({ idempotencyKey: 'ontraport:sale:M1:M1-1', api: 'legacy', productNames: { BOOK: 'The Book', PEN: 'PEN' } });
    expect(sale.products).toEqual([{ itemId: 'BOOK', name: 'The Book', externalId: 'B-1' }, { itemId: 'PEN', name: 'PEN' }]);
    expect(plan.commands[0].reason).toMatch(/1 of 2 .*TENOFF.*shipping.*tax/);
  });

  it('gives a rebill and the same order placed later one key, the rebill marked recurring', () => {
    const rebill = planOntraportCartEvent('cart.auto-order.rebilled.v1', { merchantId: 'M1', autoOrderCode: 'AO-1', recurring: true, rebillNumber: 3, order: order('M1-9') }, settings(), lookup);
    const placed = planOntraportCartEvent('cart.order.placed.v1', { merchantId: 'M1', order: order('M1-9') }, settings(), lookup);
    expect(payload<OntraportSaleV1>(rebill)).toMatchObject({ idempotencyKey: 'ontraport:sale:M1:M1-9', recurring: true, autoOrderCode: 'AO-1', rebillNumber: 3 });
    expect(payload<OntraportSaleV1>(placed).idempotencyKey).toBe(payload<OntraportSaleV1>(rebill).idempotencyKey);
  });

  it('sends no sale through the API with the pixel method, or when disabled or unconfigured', () => {
    const pixel = settings({ apiMethod: 'off', partnerPixel: true, defaultPixelSubdomain: 'shop.ontraport.com' });
    expect(planOntraportCartEvent('cart.order.placed.v1', { order: order() }, pixel, lookup).skipped[0].reason).toMatch(/Partner Tracking Pixel/);
    expect(planOntraportCartEvent('cart.order.placed.v1', { order: order() }, settings({ enabled: false }), lookup)).toEqual({ commands: [], skipped: [{ integration: 'ontraport', reason: 'disabled by the merchant' }] });
    expect(planOntraportCartEvent('cart.order.placed.v1', { order: order() }, undefined, lookup).skipped[0].reason).toBe('not configured for this merchant');
  });

  const refund = (total: number, kind: 'full' | 'partial' = 'partial'): OrderRefunded => ({
    merchantId: 'M1',
    orderId: 'M1-1',
    customerEmail: 'a@example.com',
    kind,
    currency: 'USD',
    orderTotal: money(16.88),
    refunded: { total: money(total), subtotal: money(total), tax: money(0), shippingHandling: money(0) },
    lines: [],
  });

  it('plans refunds with the running total: each new total a new key, the same total the same key', () => {
    const first = payload<OntraportRefundV1>(planOntraportCartEvent('cart.order.refunded.v1', refund(2), settings(), lookup));
    const again = payload<OntraportRefundV1>(planOntraportCartEvent('cart.order.refunded.v1', refund(2), settings(), lookup));
    const second = payload<OntraportRefundV1>(planOntraportCartEvent('cart.order.refunded.v1', refund(16.88, 'full'), settings(), lookup));
    expect(first).toMatchObject({ kind: 'partial', refundedTotal: { minor: 200 }, saleKey: 'ontraport:sale:M1:M1-1', idempotencyKey: 'ontraport:refund:M1:M1-1:200' });
    expect(again.idempotencyKey).toBe(first.idempotencyKey);
    expect(second).toMatchObject({ kind: 'full', idempotencyKey: 'ontraport:refund:M1:M1-1:1688' });
    expect(planOntraportCartEvent('cart.order.refunded.v1', refund(2), settings({ sendRefunds: false }), lookup).commands).toEqual([]);
  });

  const status = (s: AutoOrderStatusChanged['status']): AutoOrderStatusChanged => ({ merchantId: 'M1', autoOrderCode: 'AO-1', customerEmail: 'a@example.com', status: s, changedAt: '2026-11-01T00:00:00Z', itemIds: [] });

  it('puts the auto-order status in the chosen field and swaps the status tags', () => {
    const s = settings({ autoOrderStatusField: 'f1500', autoOrderStatusTags: [{ status: 'active', tag: 'Subscriber' }, { status: 'cancelled', tag: 'Cancelled' }] });
    const cmd = payload<OntraportAutoOrderStatusV1>(planOntraportCartEvent('cart.auto-order.status-changed.v1', status('cancelled'), s, lookup));
    expect(cmd).toMatchObject({ status: 'cancelled', contact: { email: 'a@example.com' }, fields: { f1500: 'cancelled' }, addTags: ['Cancelled'], removeTags: ['Subscriber'] });
    expect(planOntraportCartEvent('cart.auto-order.status-changed.v1', status('active'), settings(), lookup).skipped[0].reason).toMatch(/no contact field or tag/);
  });

  it('reports a declined card as the status "card declined", and nothing for other payment failures', () => {
    const failed = { merchantId: 'M1', orderId: 'M1-5', customerEmail: 'a@example.com', stage: 'Accounts Receivable', cardDeclined: true, total: money(10) };
    const cmd = payload<OntraportAutoOrderStatusV1>(planOntraportCartEvent('cart.order.payment-failed.v1', failed, settings({ autoOrderStatusField: 'f1500' }), lookup));
    expect(cmd).toMatchObject({ status: 'card declined', orderId: 'M1-5', fields: { f1500: 'card declined' } });
    expect(planOntraportCartEvent('cart.order.payment-failed.v1', { ...failed, cardDeclined: false }, settings({ autoOrderStatusField: 'f1500' }), lookup).commands).toEqual([]);
  });

  it('puts the affiliate id and True/False approval on the contact', () => {
    const s = settings({ apiMethod: 'legacy-xml', affiliateIdField: 'Affiliate Id', affiliateApprovedField: 'Affiliate Approved', approvedAffiliateTag: 'Approved Partner' });
    const cmd = payload<OntraportAffiliateSignupV1>(planOntraportCartEvent('cart.affiliate.signed-up.v1', { merchantId: 'M1', affiliateId: '42', email: 'p@example.com', approved: true }, s, lookup));
    expect(cmd).toMatchObject({ api: 'legacy', affiliateId: '42', fields: { 'Affiliate Id': '42', 'Affiliate Approved': 'True' }, addTags: ['Approved Partner'], idempotencyKey: 'ontraport:affiliate:M1:42:approved' });
  });

  it('keeps the item feed whatever the method, and pushes products only with the API method and sync on', () => {
    const event = { merchantId: 'M1', created: true, item: { itemId: 'BOOK', inactive: false, kit: false, price: money(9) } };
    const api = payload<OntraportProductUpsertV1>(planOntraportCartEvent('cart.item.upserted.v1', event, settings(), lookup));
    const pixel = payload<OntraportProductUpsertV1>(planOntraportCartEvent('cart.item.upserted.v1', event, settings({ apiMethod: 'off', partnerPixel: true, defaultPixelSubdomain: 'x.ontraport.com' }), lookup));
    expect(api).toMatchObject({ push: true, product: { name: 'The Book', externalId: 'B-1' } });
    expect(pixel.push).toBe(false);
    const changed = payload<OntraportProductUpsertV1>(planOntraportCartEvent('cart.item.upserted.v1', { ...event, item: { ...event.item, price: money(10) } }, settings(), lookup));
    expect(changed.idempotencyKey).not.toBe(api.idempotencyKey);
    expect(planOntraportSyncNow('M1', settings(), 'req-1').commands[0].payload).toMatchObject({ idempotencyKey: 'ontraport:product-sync:M1:req-1', api: 'rest' });
  });

  it('builds the conversion pixel from the theme\'s sub-domain, escaped for HTML', () => {
    const s = settings({ apiMethod: 'off', partnerPixel: true, pixelSubdomains: [{ themeCode: 'BLUE', subdomain: 'blue.ontraport.com' }], defaultPixelSubdomain: 'shop.ontraport.com' });
    const blue = buildConversionPixel(s, { orderId: 'M1-1', themeCode: 'BLUE', order: order() });
    expect(blue).toMatchObject({ ok: true, subdomain: 'blue.ontraport.com' });
    if (blue.ok) {
      expect(new URL(blue.url).searchParams.get('item_price_1')).toBe('9.00');
      expect(new URL(blue.url).searchParams.get('shipping_amt')).toBe('5.00');
      expect(blue.html).toContain('&amp;item_id_1=BOOK');
    }
    expect(buildConversionPixel(s, { orderId: 'M1-1', themeCode: 'RED' })).toMatchObject({ ok: true, subdomain: 'shop.ontraport.com' });
    expect(buildConversionPixel(settings(), { orderId: 'M1-1' })).toEqual({ ok: false, reason: 'the merchant does not use the Partner Tracking Pixel method' });
  });
});
