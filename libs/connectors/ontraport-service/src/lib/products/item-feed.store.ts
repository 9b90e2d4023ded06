import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedItem {
  itemId: string;
  productName: string;
  externalId: string | null;
  productId: number | null;
  description: string | null;
  priceMinor: number | null;
  currency: string | null;
  inactive: boolean;
  updatedAt: string;
}

/** The merchant's catalog as ONTRAPORT should see it (product mapping applied), shared by replicas. */
@Injectable()
export class ItemFeedStore {
  constructor(private readonly db: DataSource) {}

  async upsert(merchantId: string, item: Omit<FeedItem, 'updatedAt' | 'productId'>): Promise<void> {
    await this.db.query(
      `INSERT INTO feed_items (merchant_id, item_id, product_name, external_id, description, price_minor, currency, inactive)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (merchant_id, item_id) DO UPDATE SET product_name = EXCLUDED.product_name, external_id = EXCLUDED.external_id,
         description = EXCLUDED.description, price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency, inactive = EXCLUDED.inactive, updated_at = now()`,
      [merchantId, item.itemId, item.productName, item.externalId, item.description, item.priceMinor, item.currency, item.inactive],
    );
  }

  async setProductId(merchantId: string, itemId: string, productId: number): Promise<void> {
    await this.db.query(`UPDATE feed_items SET product_id = $3 WHERE merchant_id = $1 AND item_id = $2`, [merchantId, itemId, productId]);
  }

  async remove(merchantId: string, itemId: string): Promise<FeedItem | undefined> {
    const rows: Array<[Record<string, unknown>[], number]> | Record<string, unknown>[] = await this.db.query(
      `DELETE FROM feed_items WHERE merchant_id = $1 AND item_id = $2 RETURNING *`,
      [merchantId, itemId],
    );
    // node-postgres through TypeORM answers a DELETE … RETURNING as [rows, count].
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list[0] ? toItem(list[0]) : undefined;
  }

  async list(merchantId: string, after = '', limit = 1000): Promise<FeedItem[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM feed_items WHERE merchant_id = $1 AND item_id > $2 ORDER BY item_id LIMIT $3`,
      [merchantId, after, limit],
    );
    return rows.map(toItem);
  }
}

function toItem(r: Record<string, unknown>): FeedItem {
  return {
    itemId: String(r['item_id']),
    productName: String(r['product_name']),
    externalId: (r['external_id'] as string | null) ?? null,
    productId: r['product_id'] === null || r['product_id'] === undefined ? null : Number(r['product_id']),
    description: (r['description'] as string | null) ?? null,
    priceMinor: r['price_minor'] === null || r['price_minor'] === undefined ? null : Number(r['price_minor']),
    currency: (r['currency'] as string | null) ?? null,
    inactive: r['inactive'] === true,
    updatedAt: new Date(r['updated_at'] as string).toISOString(),
  };
}
