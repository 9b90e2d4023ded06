/**
 * The benchmark's merchants: 100 by default, half whose CRM is ONTRAPORT and half Infusionsoft,
 * and every fourth one on both — so 62 run ONTRAPORT, 63 Infusionsoft, 25 both. One ONTRAPORT
 * merchant in ten uses the legacy XML API (the rest REST v1); every fifth merchant has a channel
 * partner that imports orders. Each merchant has an account or app of its own in the simulators.
 */
export interface BenchMerchant {
  id: string;
  index: number;
  webhook: { username: string; password: string };
  ontraport?: { appId: string; apiKey: string; api: 'rest' | 'legacy' };
  infusionsoft?: { appName: string; apiKey: string };
  partner?: { code: string; password: string };
  /** Issued by the config API when the merchant is created. */
  adminToken?: string;
}

/** What each merchant sells (the cart's item ids; Infusionsoft finds products by this name). */
export const ITEMS = Array.from({ length: 12 }, (_, i) => ({ id: `SKU-${1000 + i}`, description: `Product ${i}`, price: 9.95 + i }));

export function benchMerchants(count: number): BenchMerchant[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `M${String(i).padStart(3, '0')}`;
    const primaryOntraport = i < count / 2;
    const both = i % 4 === 0;
    const m: BenchMerchant = { id, index: i, webhook: { username: `uc-${id.toLowerCase()}`, password: `bench-webhook-${id}-secret` } };
    if (primaryOntraport || both) m.ontraport = { appId: `op-${id.toLowerCase()}`, apiKey: `op-key-${id}`, api: i % 10 === 1 ? 'legacy' : 'rest' };
    if (!primaryOntraport || both) m.infusionsoft = { appName: `is-${id.toLowerCase()}`, apiKey: `is-key-${id}` };
    if (i % 5 === 2) m.partner = { code: `CP${id}`, password: `bench-partner-${id}` };
    return m;
  });
}

/** ONTRAPORT options as a merchant would set them (defaults otherwise: sales, refunds, statuses, affiliates). */
export function ontraportSettings(m: BenchMerchant): Record<string, unknown> {
  return {
    apiMethod: m.ontraport?.api === 'legacy' ? 'legacy-xml' : 'rest-v1',
    affiliateTags: ['Affiliate'],
    autoOrderStatusTags: [{ status: 'card declined', tag: 'Card Declined' }],
  };
}

/** Infusionsoft options: customer tags, abandoned carts, affiliates and shipments switched on. */
export function infusionsoftSettings(): Record<string, unknown> {
  return {
    contactTags: ['UltraCart Customer'],
    newCustomerTag: 'New Customer',
    repeatCustomerTag: 'Repeat Customer',
    abandonedCart: { contactTag: 'Abandoned Cart' },
    affiliate: { enabled: true, tags: ['Affiliate'], pendingTag: 'Affiliate Pending', approvedTag: 'Affiliate Approved' },
    shippingFields: { shippedAt: '_ShipDate', trackingNumbers: '_TrackingNumbers', shippingMethod: '_ShipMethod' },
  };
}

/** The channel partners' catalog (order-import checks every imported item against it). */
export const CATALOG_CSV = ['item_id,description,price,currency,physical', ...ITEMS.map((it, i) => `${it.id},${it.description},${it.price.toFixed(2)},USD,${i % 3 === 0 ? 'N' : 'Y'}`)].join('\n') + '\n';
