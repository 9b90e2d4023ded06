/**
 * One row of the merchant's ONTRAPORT product mapping (cart item id → ONTRAPORT product). The
 * table lives in mapping; planners take a lookup so a 100,000-row catalog is never loaded whole.
 */
export interface OntraportProductMapping {
  /** The ONTRAPORT product name; an unmapped item uses its item id as the name (guide). */
  name?: string;
  productId?: number;
  externalId?: string;
}

export type OntraportProductLookup = (itemId: string) => OntraportProductMapping | undefined;

export interface ResolvedProduct {
  itemId: string;
  name: string;
  productId?: number;
  externalId?: string;
  mapped: boolean;
}

export function resolveProduct(itemId: string, lookup: OntraportProductLookup): ResolvedProduct {
  const m = lookup(itemId);
  return {
    itemId,
    name: m?.name?.trim() || itemId,
    ...(m?.productId !== undefined ? { productId: m.productId } : {}),
    ...(m?.externalId ? { externalId: m.externalId } : {}),
    mapped: !!m,
  };
}

/** A lookup over an in-memory record, for tests, previews and small catalogs. */
export function lookupFromRecord(rows: Record<string, OntraportProductMapping | string>): OntraportProductLookup {
  return (itemId) => {
    const row = Object.prototype.hasOwnProperty.call(rows, itemId) ? rows[itemId] : undefined;
    return typeof row === 'string' ? { name: row } : row;
  };
}
