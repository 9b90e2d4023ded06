import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClaimHold, UnreleasedClaims, withClaimLease } from '@hub/persistence';
import { loadConfig, TransientError } from '@hub/platform';
import { whileHeld } from './held-claims';
import { OntraportConfig } from './ontraport.config';

/** Delivered-command keys and the ONTRAPORT ids we created, shared by every replica. */
@Injectable()
export class OntraportIdsStore {
  private readonly products = new Map<string, number>();
  /** Claims (commands, product creation) last this long unless their holder renews them. */
  readonly leaseMs = loadConfig(OntraportConfig).ONTRAPORT_CLAIM_LEASE_MS;
  /** Claims a failed attempt could not give back (the database was away): given back before the key is claimed again. */
  private readonly unreleased = new UnreleasedClaims();

  constructor(private readonly db: DataSource) {}

  /**
   * Takes the command for this replica: `claimed` (first time), `reclaimed` (an earlier claim
   * expired: its holder died or failed midway, so ONTRAPORT may already have the effect), both with
   * this claim's owner `token` (written in the same statement; every later write of this holder
   * passes it and applies only while the row still carries it), `busy` (another replica holds it
   * now) or `done` with the stored result.
   */
  async claim<T>(key: string, merchantId: string, ttlMs: number): Promise<{ state: 'claimed' | 'reclaimed'; token: string } | { state: 'busy' } | { state: 'done'; result: T }> {
    await this.unreleased.settle(key);
    const token = randomUUID();
    const rows: Array<{ fresh: boolean }> = await this.db.query(
      `INSERT INTO delivered_commands (idempotency_key, merchant_id, result, claimed_until, claim_token)
       VALUES ($1, $2, NULL, now() + $3 * interval '1 millisecond', $4)
       ON CONFLICT (idempotency_key) DO UPDATE SET claimed_until = EXCLUDED.claimed_until, claim_token = EXCLUDED.claim_token
         WHERE delivered_commands.result IS NULL AND (delivered_commands.claimed_until IS NULL OR delivered_commands.claimed_until < now())
       RETURNING (xmax = 0) AS fresh`,
      [key, merchantId, ttlMs, token],
    );
    if (rows[0]) return { state: rows[0].fresh ? 'claimed' : 'reclaimed', token };
    const [row]: Array<{ result: T | null }> = await this.db.query(`SELECT result FROM delivered_commands WHERE idempotency_key = $1`, [key]);
    return row?.result ? { state: 'done', result: row.result } : { state: 'busy' };
  }

  /** Extends the claim `token` holds to `ttlMs` from now; false when another replica took it over (or it ended). */
  renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.fenced(`UPDATE delivered_commands SET claimed_until = now() + $3 * interval '1 millisecond' WHERE idempotency_key = $1 AND claim_token = $2 AND result IS NULL`, [
      key,
      token,
      ttlMs,
    ]);
  }

  /** Stores the result while `token` holds the claim; false (nothing written) when it lost it. */
  markDelivered(key: string, token: string, result: unknown): Promise<boolean> {
    return this.fenced(`UPDATE delivered_commands SET result = $3, claimed_until = NULL, claim_token = NULL WHERE idempotency_key = $1 AND claim_token = $2 AND result IS NULL`, [
      key,
      token,
      JSON.stringify(result),
    ]);
  }

  /**
   * Gives the claim back after a failure, so the retry need not wait for it to expire — only while
   * `token` holds it: a holder that lost it must not free the new holder's claim for a third (false).
   * When the database is away (most likely why the attempt failed): undefined, and the claim is
   * given back when this process claims the key again (UnreleasedClaims), not a lease later.
   */
  release(key: string, token: string): Promise<boolean | undefined> {
    return this.unreleased.giveBack(key, () =>
      this.fenced(`UPDATE delivered_commands SET claimed_until = NULL, claim_token = NULL WHERE idempotency_key = $1 AND claim_token = $2 AND result IS NULL`, [key, token]),
    );
  }

  /** Runs one UPDATE; true when it changed a row. */
  private async fenced(update: string, params: unknown[]): Promise<boolean> {
    const [row]: Array<{ n: number }> = await this.db.query(`WITH w AS (${update} RETURNING 1) SELECT count(*)::int AS n FROM w`, params);
    return row.n > 0;
  }

  async result<T>(key: string): Promise<T | undefined> {
    const [row]: Array<{ result: T | null }> = await this.db.query(`SELECT result FROM delivered_commands WHERE idempotency_key = $1`, [key]);
    return row?.result ?? undefined;
  }

  /**
   * Runs `create` for one product name at a time across replicas: concurrent first sales of a new
   * item would otherwise each find nothing and each create the product. `create` looks again first
   * (a holder before it may have made it); a waiter returns the id the holder remembered.
   */
  async onceProduct(merchantId: string, appId: string, name: string, create: () => Promise<number>): Promise<number> {
    const leaseMs = this.leaseMs;
    const lock = `ontraport:product-lock:${merchantId}:${appId}:${name}`;
    for (let i = 0; ; i++) {
      const claimedAt = Date.now();
      const claim = await this.claim(lock, merchantId, leaseMs);
      if (claim.state === 'claimed' || claim.state === 'reclaimed') {
        // Its requests stop if another replica took the lock over meanwhile (this one stalled).
        const hold = new ClaimHold(lock, leaseMs, () => this.renew(lock, claim.token, leaseMs), claimedAt);
        try {
          return await withClaimLease(leaseMs, () => hold.renew(), () => whileHeld(hold, create));
        } finally {
          await this.release(lock, claim.token);
        }
      }
      const known = await this.productId(merchantId, appId, name);
      if (known !== undefined) return known;
      if (i >= 300) throw new TransientError('PRODUCT_LOCKED', `product "${name}" is being created by another delivery`);
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 50)));
    }
  }

  async productId(merchantId: string, appId: string, name: string): Promise<number | undefined> {
    // Product ids never change once made, so this process keeps the ones it has seen (bounded);
    // a product deleted through us is forgotten here, and another replica's delete at worst makes one sale retry.
    const key = `${merchantId}\u0000${appId}\u0000${name}`;
    const cached = this.products.get(key);
    if (cached !== undefined) return cached;
    const rows: Array<{ ontraport_id: string }> = await this.db.query(
      `SELECT ontraport_id FROM crm_ids WHERE merchant_id = $1 AND app_id = $2 AND kind = 'product' AND natural_key = $3`,
      [merchantId, appId, name],
    );
    const id = rows[0] ? Number(rows[0].ontraport_id) : undefined;
    if (id !== undefined) this.cacheProduct(key, id);
    return id;
  }

  /** A deleted product must not be sold again by a remembered id (ONTRAPORT would refuse the sale). */
  async forgetProduct(merchantId: string, appId: string, id: number): Promise<void> {
    for (const [k, v] of this.products) if (v === id) this.products.delete(k);
    await this.db.query(`DELETE FROM crm_ids WHERE merchant_id = $1 AND app_id = $2 AND kind = 'product' AND ontraport_id = $3`, [merchantId, appId, id]);
  }

  private cacheProduct(key: string, id: number): void {
    if (this.products.size >= 10_000) this.products.delete(this.products.keys().next().value as string);
    this.products.set(key, id);
  }

  async rememberProduct(merchantId: string, appId: string, name: string, id: number): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_ids (merchant_id, app_id, kind, natural_key, ontraport_id) VALUES ($1, $2, 'product', $3, $4)
       ON CONFLICT (merchant_id, app_id, kind, natural_key) DO UPDATE SET ontraport_id = EXCLUDED.ontraport_id`,
      [merchantId, appId, name, id],
    );
    this.cacheProduct(`${merchantId}\u0000${appId}\u0000${name}`, id);
  }
}
