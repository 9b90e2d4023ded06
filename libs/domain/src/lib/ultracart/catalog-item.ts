import { cartEvent, CatalogItem } from '../cart-events';
import { changeMarker, dedupeKey } from '../dedupe-key';
import { money } from '../money';
import { cascade, EventTranslation } from './event-translation';
import { EventShapeError } from './event-shape.error';
import { UcItem } from './ultracart-resources';

export const ITEM_EVENTS = ['item_create', 'item_update', 'item_delete'] as const;
export type ItemEventName = (typeof ITEM_EVENTS)[number];

/** The catalog item as the product sync and the item feed need it. */
export function toCatalogItem(item: UcItem): CatalogItem {
  if (!item.merchant_item_id) throw new EventShapeError('merchant_item_id', 'is required');
  const currency = item.pricing?.currency_code ?? 'USD';
  const price = (v: number | undefined) => (v === undefined ? undefined : money(v, currency));
  return {
    itemId: item.merchant_item_id,
    itemOid: item.merchant_item_oid,
    description: item.description,
    price: price(item.pricing?.cost),
    salePrice: price(item.pricing?.sale_cost),
    inactive: item.inactive ?? false,
    kit: item.kit ?? false,
    categoryPath: item.parent_category_path,
    modifiedAt: item.last_modified_dts,
  };
}

/**
 * Created and updated items are both upserts, keyed by the item's content: an update that changes
 * nothing the hub carries (stock, reviews…) is a duplicate. A delete happens once per item object
 * (`merchant_item_oid`): an item deleted, re-created and deleted again is two deletes.
 */
export function translateItemEvent(event: ItemEventName, uc: UcItem, merchantId: string): EventTranslation {
  if (event === 'item_delete') {
    const itemId = uc.merchant_item_id;
    if (!itemId) throw new EventShapeError('merchant_item_id', 'is required');
    const oid = uc.merchant_item_oid === undefined ? undefined : String(uc.merchant_item_oid);
    return cascade([cartEvent('item.deleted', dedupeKey(merchantId, 'item.deleted', itemId, oid), { merchantId, itemId, itemOid: uc.merchant_item_oid })], { resourceId: itemId });
  }
  const item = toCatalogItem(uc);
  // modifiedAt is left out of the marker: a save that changes nothing we pass on is no news.
  const marker = changeMarker({ ...item, modifiedAt: undefined });
  return cascade([cartEvent('item.upserted', dedupeKey(merchantId, 'item.upserted', item.itemId, marker), { merchantId, created: event === 'item_create', item })], { resourceId: item.itemId });
}
