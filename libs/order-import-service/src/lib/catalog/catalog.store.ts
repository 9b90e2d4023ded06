import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CatalogItem } from '@hub/domain';
import { CatalogEntry } from '@hub/order-import';

/** A catalog_items row as the database gives it (bigint prices as text, or numbers from JSON). */
export interface CatalogRow {
  item_id: string;
  description: string | null;
  price_minor: string | number | null;
  currency: string;
  physical: boolean;
  inactive: boolean;
  preorder: boolean;
  options: CatalogEntry['options'];
  auto_order_schedules: string[];
}

/** The merchant's catalog, kept from the cart's item events and CSV uploads. */
@Injectable()
export class CatalogStore {
  constructor(private readonly db: DataSource) {}

  /**
   * From the cart's item events: what the event carries (description, price, active). Physical,
   * options, schedules and pre-order are not in the event; an uploaded CSV's values are kept, and a
   * new item counts as physical (the cautious default: ship-to is asked for) until a CSV says otherwise.
   */
  async upsertFromCart(merchantId: string, item: CatalogItem): Promise<void> {
    await this.db.query(
      `INSERT INTO catalog_items (merchant_id, item_id, description, price_minor, currency, inactive, source)
       VALUES ($1, $2, $3, $4, $5, $6, 'cart')
       ON CONFLICT (merchant_id, item_id) DO UPDATE SET description = EXCLUDED.description, price_minor = EXCLUDED.price_minor,
         currency = EXCLUDED.currency, inactive = EXCLUDED.inactive, updated_at = now()`,
      [merchantId, item.itemId, item.description ?? null, (item.salePrice ?? item.price)?.minor ?? null, (item.salePrice ?? item.price)?.currency ?? 'USD', item.inactive],
    );
  }

  async deleteItem(merchantId: string, itemId: string): Promise<void> {
    await this.db.query(`DELETE FROM catalog_items WHERE merchant_id = $1 AND item_id = $2`, [merchantId, itemId]);
  }

  /** A CSV upload: every row upserted in one transaction (all or nothing). */
  async upsertMany(merchantId: string, items: CatalogEntry[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        await tx.query(
          `INSERT INTO catalog_items (merchant_id, item_id, description, price_minor, currency, physical, inactive, preorder, options, auto_order_schedules, source)
           SELECT $1, u.item_id, u.description, u.price_minor, u.currency, u.physical, u.inactive, u.preorder, u.options::jsonb, u.schedules::jsonb, 'csv'
           FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[], $9::text[], $10::text[])
             AS u(item_id, description, price_minor, currency, physical, inactive, preorder, options, schedules)
           ON CONFLICT (merchant_id, item_id) DO UPDATE SET description = EXCLUDED.description, price_minor = EXCLUDED.price_minor,
             currency = EXCLUDED.currency, physical = EXCLUDED.physical, inactive = EXCLUDED.inactive, preorder = EXCLUDED.preorder,
             options = EXCLUDED.options, auto_order_schedules = EXCLUDED.auto_order_schedules, source = 'csv', updated_at = now()`,
          [
            merchantId,
            chunk.map((c) => c.itemId),
            chunk.map((c) => c.description ?? null),
            chunk.map((c) => c.priceMinor ?? null),
            chunk.map((c) => c.currency),
            chunk.map((c) => c.physical),
            chunk.map((c) => c.inactive),
            chunk.map((c) => c.preorder),
            chunk.map((c) => JSON.stringify(c.options)),
            chunk.map((c) => JSON.stringify(c.autoOrderSchedules)),
          ],
        );
      }
    });
  }

  async setCoupons(merchantId: string, codes: string[]): Promise<void> {
    await this.db.query(`INSERT INTO coupons (merchant_id, code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [merchantId, codes]);
  }

  async list(merchantId: string): Promise<CatalogEntry[]> {
    const rows: CatalogRow[] = await this.db.query(`SELECT * FROM catalog_items WHERE merchant_id = $1 ORDER BY item_id`, [merchantId]);
    return rows.map(toCatalogEntry);
  }
}

export function toCatalogEntry(r: CatalogRow): CatalogEntry {
  return {
    itemId: r.item_id,
    description: r.description ?? undefined,
    priceMinor: r.price_minor === null ? undefined : Number(r.price_minor),
    currency: r.currency,
    physical: r.physical,
    inactive: r.inactive,
    preorder: r.preorder,
    options: r.options,
    autoOrderSchedules: r.auto_order_schedules,
  };
}
