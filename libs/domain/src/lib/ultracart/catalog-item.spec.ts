import { translateItemEvent } from './catalog-item';
import { UcItem } from './ultracart-resources';
import { payloadOf } from './uc-fixtures.spec-helper';

const item = (overrides: Partial<UcItem> = {}): UcItem => ({
  merchant_id: 'DEMO',
  merchant_item_id: 'BOOK',
  merchant_item_oid: 42,
  description: 'The Book',
  pricing: { cost: 19.99, currency_code: 'USD' },
  last_modified_dts: '2026-11-20T10:00:00Z',
  ...overrides,
});

describe('catalog items', () => {
  it('item_create and item_update are upserts of the product', () => {
    const t = translateItemEvent('item_create', item(), 'DEMO');
    expect(t).toMatchObject({ outcome: 'cascade', resourceId: 'BOOK' });
    expect(payloadOf(t.emits, 'item.upserted')).toEqual({
      merchantId: 'DEMO',
      created: true,
      item: {
        itemId: 'BOOK',
        itemOid: 42,
        description: 'The Book',
        price: { minor: 1999, currency: 'USD' },
        salePrice: undefined,
        inactive: false,
        kit: false,
        categoryPath: undefined,
        modifiedAt: '2026-11-20T10:00:00Z',
      },
    });
    expect(payloadOf(translateItemEvent('item_update', item(), 'DEMO').emits, 'item.upserted').created).toBe(false);
  });

  it('a save that changes nothing the hub carries is the same event; a new price is a new one', () => {
    const key = (i: UcItem) => translateItemEvent('item_update', i, 'DEMO').emits[0].dedupeKey;
    expect(key(item())).toBe(key(item({ last_modified_dts: '2026-11-21T10:00:00Z' })));
    expect(key(item())).toBe(translateItemEvent('item_create', item(), 'DEMO').emits[0].dedupeKey);
    expect(key(item())).not.toBe(key(item({ pricing: { cost: 24.99 } })));
  });

  it('item_delete once per item object; an item without id is rejected', () => {
    expect(translateItemEvent('item_delete', { merchant_item_id: 'BOOK', merchant_item_oid: 42 }, 'DEMO').emits).toEqual([
      { type: 'item.deleted', dedupeKey: 'DEMO:item.deleted:BOOK:42', retention: 'redelivery', payload: { merchantId: 'DEMO', itemId: 'BOOK', itemOid: 42 } },
    ]);
    expect(() => translateItemEvent('item_update', item({ merchant_item_id: undefined }), 'DEMO')).toThrow('merchant_item_id: is required');
  });
});
