import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Delivered-command keys and the ONTRAPORT ids we created, shared by every replica. */
@Injectable()
export class OntraportIdsStore {
  constructor(private readonly db: DataSource) {}

  async delivered<T>(key: string): Promise<T | undefined> {
    const rows: Array<{ result: T }> = await this.db.query(`SELECT result FROM delivered_commands WHERE idempotency_key = $1`, [key]);
    return rows[0]?.result;
  }

  async markDelivered(key: string, merchantId: string, result: unknown): Promise<void> {
    await this.db.query(`INSERT INTO delivered_commands (idempotency_key, merchant_id, result) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      key,
      merchantId,
      JSON.stringify(result),
    ]);
  }

  async productId(merchantId: string, appId: string, name: string): Promise<number | undefined> {
    const rows: Array<{ ontraport_id: string }> = await this.db.query(
      `SELECT ontraport_id FROM crm_ids WHERE merchant_id = $1 AND app_id = $2 AND kind = 'product' AND natural_key = $3`,
      [merchantId, appId, name],
    );
    return rows[0] ? Number(rows[0].ontraport_id) : undefined;
  }

  async rememberProduct(merchantId: string, appId: string, name: string, id: number): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_ids (merchant_id, app_id, kind, natural_key, ontraport_id) VALUES ($1, $2, 'product', $3, $4)
       ON CONFLICT (merchant_id, app_id, kind, natural_key) DO UPDATE SET ontraport_id = EXCLUDED.ontraport_id`,
      [merchantId, appId, name, id],
    );
  }
}
