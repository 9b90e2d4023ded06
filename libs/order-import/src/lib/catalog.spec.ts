import { formatOptions, parseCatalogCsv, parseOptions } from './catalog';
import { toCanonicalOrder } from './canonical-order';
import { checkOrder } from './check-request';
import { sampleCatalog, sampleOrder } from './testing/sample-order.test-helper';

describe('catalog CSV', () => {
  it('reads items with prices, flags, options and schedules', () => {
    const { items, problems } = parseCatalogCsv('item_id,description,price,physical,preorder,options,auto_order_schedules\nBOOK,A book,25.00,Y,N,Cover*=Hard|Soft;Note,\nSUB,Box,9.5,N,Y,,Monthly|Every 2 Months\n');
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { itemId: 'BOOK', description: 'A book', priceMinor: 2500, currency: 'USD', physical: true, inactive: false, preorder: false, options: [{ name: 'Cover', required: true, values: ['Hard', 'Soft'] }, { name: 'Note', required: false, values: [] }], autoOrderSchedules: [] },
      { itemId: 'SUB', description: 'Box', priceMinor: 950, currency: 'USD', physical: false, inactive: false, preorder: true, options: [], autoOrderSchedules: ['Monthly', 'Every 2 Months'] },
    ]);
  });

  it('names every bad line and column, and loads nothing then', () => {
    const { items, problems } = parseCatalogCsv('item_id,price,colour\nA,12.345,x\nA,1,y\n');
    expect(items).toEqual([]);
    expect(problems.map((p) => p.field)).toEqual(['(header).colour', 'line 2.price', 'line 3.item_id']);
  });

  it('round-trips the options notation', () => {
    expect(formatOptions(parseOptions('Size*=S|M|L;Engraving'))).toBe('Size*=S|M|L;Engraving');
  });
});

describe('canonical order', () => {
  it('prices lines from the catalog or arbitraryUnitCost, adds the partner\'s tax and shipping', () => {
    const { order } = checkOrder(sampleOrder({ arbitraryTax: '1.00', arbitraryShippingHandlingTotal: '2.50', items: [{ itemId: 'BOOK', quantity: '2', options: [{ name: 'Cover', value: 'Hard' }] }, { itemId: 'EBOOK', quantity: '1', arbitraryUnitCost: '3.99' }] }));
    const canonical = toCanonicalOrder('DEMO', 'DEMO-0000000001', 'Shipping Department', order, sampleCatalog().items, new Date('2026-11-24T00:00:00Z'));
    expect(canonical.lines.map((l) => [l.itemId, l.unitPrice.minor, l.total.minor])).toEqual([['BOOK', 2500, 5000], ['EBOOK', 399, 399]]);
    expect(canonical.totals).toMatchObject({ subtotal: { minor: 5399 }, tax: { minor: 100 }, shippingHandling: { minor: 250 }, total: { minor: 5749 } });
    expect(canonical.customer).toMatchObject({ email: 'ada@example.com', billing: { countryCode: 'GB' }, shipping: { countryCode: 'GB' } });
  });

  it('carries the mailing-list opt-in, advertising source and custom fields for the CRMs', () => {
    const { order } = checkOrder(sampleOrder({ mailingListOptIn: 'Y', advertisingSource: 'Partner feed', customField2: 'gift', customField7: ' ' }));
    const canonical = toCanonicalOrder('DEMO', 'D-2', 'Shipping Department', order, sampleCatalog().items, new Date());
    expect(canonical).toMatchObject({ mailingListOptIn: true, advertisingSource: 'Partner feed', customFields: { customField2: 'gift' } });
    expect(canonical.customFields).not.toHaveProperty('customField7');
    expect(toCanonicalOrder('DEMO', 'D-3', 'Shipping Department', checkOrder(sampleOrder()).order, sampleCatalog().items, new Date())).not.toHaveProperty('customFields');
  });

  it('charges no tax on a tax-exempt order', () => {
    const { order } = checkOrder(sampleOrder({ arbitraryTax: '1.00', taxExempt: 'Y' }));
    expect(toCanonicalOrder('DEMO', 'D-1', 'Shipping Department', order, sampleCatalog().items, new Date()).totals.tax.minor).toBe(0);
  });
});
