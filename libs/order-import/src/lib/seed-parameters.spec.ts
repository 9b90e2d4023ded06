import { checkAgainstCatalog } from './catalog-rules';
import { checkCredentials, checkOrder } from './check-request';
import { LEGACY_SCALARS } from './field-names';
import { parseLegacyForm } from './legacy-form';
import { sampleCatalog } from './testing/sample-order.test-helper';
import { SEED_PARAMETERS } from './seed-example';

describe('every parameter of the seed', () => {
  const form = parseLegacyForm(new URLSearchParams(SEED_PARAMETERS), LEGACY_SCALARS);

  it('is read from the legacy form, none refused as unknown', () => {
    expect(form.problems).toEqual([]);
    expect(form.method).toBe('importOrder');
    const seen = new Set([
      ...Object.keys(form.credentials).map((k) => `credentials.${k}`),
      ...Object.keys(form.order).filter((k) => !['items', 'coupons', 'leastCostRouteShippingMethods'].includes(k)).map((k) => `order.${k}`),
    ]);
    const scalars = Object.keys(SEED_PARAMETERS).filter((k) => k !== 'method' && !k.includes('['));
    expect(scalars.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('passes every rule when each has a valid value, all in one order', () => {
    const { order, problems } = checkOrder(form.order);
    expect(problems).toEqual([]);
    expect(checkCredentials(form.credentials).problems).toEqual([]);
    const catalog = checkAgainstCatalog(order, sampleCatalog());
    expect(catalog.errors).toEqual([]);
    expect(order).toMatchObject({ considerRecurring: true, storeIfPaymentDeclines: true, arbitraryTaxRate: 0.08, billToCountry: 'GB', items: [{ quantity: 2, arbitraryUnitCost: 19.99, upsell: false }, { autoOrderSchedule: 'Monthly', upsell: true }] });
  });
});
