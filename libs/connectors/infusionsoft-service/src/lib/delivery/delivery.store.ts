import { Injectable } from '@nestjs/common';
import type { CascadeProgress, RememberedKind } from '@hub/infusionsoft-core';
import { DataSource } from 'typeorm';

export type Claim =
  | { state: 'claimed'; progress: CascadeProgress; attempts: number }
  | { state: 'busy' }
  | { state: 'done'; progress: CascadeProgress };

/** Delivered-command keys with their progress and Infusionsoft ids, shared by every replica. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Takes the command for this replica for `leaseMs` (`claimed`, with the progress of earlier
   * attempts and how many there were), or says another replica holds it now (`busy`) or it is `done`.
   */
  async claim(key: string, merchantId: string, routingKey: string, leaseMs: number): Promise<Claim> {
    const rows: Array<{ progress: CascadeProgress; attempts: number }> = await this.db.query(
      `INSERT INTO delivered_commands (idempotency_key, merchant_id, routing_key, claimed_until, attempts)
       VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond', 1)
       ON CONFLICT (idempotency_key) DO UPDATE SET claimed_until = EXCLUDED.claimed_until, attempts = delivered_commands.attempts + 1
         WHERE delivered_commands.delivered_at IS NULL AND (delivered_commands.claimed_until IS NULL OR delivered_commands.claimed_until < clock_timestamp())
       RETURNING progress, attempts`,
      [key, merchantId, routingKey, leaseMs],
    );
    if (rows[0]) return { state: 'claimed', progress: rows[0].progress, attempts: rows[0].attempts };
    const [row]: Array<{ progress: CascadeProgress; delivered_at: Date | null }> = await this.db.query(
      `SELECT progress, delivered_at FROM delivered_commands WHERE idempotency_key = $1`,
      [key],
    );
    return row?.delivered_at ? { state: 'done', progress: row.progress } : { state: 'busy' };
  }

  /** Extends a claim still held (not delivered, not given back) to `leaseMs` from now. */
  async renew(key: string, leaseMs: number): Promise<void> {
    await this.db.query(
      `UPDATE delivered_commands SET claimed_until = clock_timestamp() + $2 * interval '1 millisecond'
       WHERE idempotency_key = $1 AND delivered_at IS NULL AND claimed_until IS NOT NULL`,
      [key, leaseMs],
    );
  }

  async saveProgress(key: string, progress: CascadeProgress): Promise<void> {
    await this.db.query(`UPDATE delivered_commands SET progress = $2 WHERE idempotency_key = $1`, [key, JSON.stringify(progress)]);
  }

  async markDelivered(key: string, progress: CascadeProgress): Promise<void> {
    await this.db.query(`UPDATE delivered_commands SET progress = $2, delivered_at = now(), claimed_until = NULL WHERE idempotency_key = $1`, [key, JSON.stringify(progress)]);
  }

  /** Gives the command back after a failure, so the retry need not wait for the claim to expire. */
  async release(key: string): Promise<void> {
    await this.db.query(`UPDATE delivered_commands SET claimed_until = NULL WHERE idempotency_key = $1 AND delivered_at IS NULL`, [key]);
  }

  /** The Infusionsoft order (`Job`) an order command created, if it did. */
  async jobIdOf(orderKey: string): Promise<number | undefined> {
    const [row]: Array<{ job_id: string | null }> = await this.db.query(`SELECT progress->>'jobId' AS job_id FROM delivered_commands WHERE idempotency_key = $1`, [orderKey]);
    return row?.job_id ? Number(row.job_id) : undefined;
  }

  async rememberedId(rateKey: string, kind: RememberedKind, name: string): Promise<number | undefined> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT infusionsoft_id AS id FROM crm_ids WHERE rate_key = $1 AND kind = $2 AND natural_key = $3`,
      [rateKey, kind, name],
    );
    return rows[0] ? Number(rows[0].id) : undefined;
  }

  /**
   * Takes the claim on `key` for `ttlMs` if nobody holds it (or the holder's claim expired);
   * false while another replica holds it.
   */
  async claimName(key: string, ttlMs: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO name_claims (claim_key, claimed_until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (claim_key) DO UPDATE SET claimed_until = EXCLUDED.claimed_until WHERE name_claims.claimed_until < clock_timestamp()
       RETURNING 1`,
      [key, ttlMs],
    );
    return rows.length > 0;
  }

  async releaseName(key: string): Promise<void> {
    await this.db.query(`DELETE FROM name_claims WHERE claim_key = $1`, [key]);
  }

  async forgetId(rateKey: string, kind: RememberedKind, name: string): Promise<void> {
    await this.db.query(`DELETE FROM crm_ids WHERE rate_key = $1 AND kind = $2 AND natural_key = $3`, [rateKey, kind, name]);
  }

  async rememberId(rateKey: string, kind: RememberedKind, name: string, id: number): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_ids (rate_key, kind, natural_key, infusionsoft_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rate_key, kind, natural_key) DO UPDATE SET infusionsoft_id = EXCLUDED.infusionsoft_id`,
      [rateKey, kind, name, id],
    );
  }
}
