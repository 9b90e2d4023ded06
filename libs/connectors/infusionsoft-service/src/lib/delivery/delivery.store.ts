import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CascadeProgress, RememberedKind } from '@hub/infusionsoft-core';
import { UnreleasedClaims } from '@hub/persistence';
import { DataSource } from 'typeorm';

/** How long this process reuses an id read from `crm_ids`, and how many it keeps. */
const ID_CACHE_MS = 10 * 60_000;
const ID_CACHE_MAX = 50_000;
const idCacheKey = (rateKey: string, kind: RememberedKind, name: string) => `${rateKey}\u0000${kind}\u0000${name}`;

export type Claim =
  | { state: 'claimed'; progress: CascadeProgress; attempts: number; token: string }
  | { state: 'busy' }
  | { state: 'done'; progress: CascadeProgress };

/** Delivered-command keys with their progress and Infusionsoft ids, shared by every replica. */
@Injectable()
export class DeliveryStore {
  /** Remembered ids (`crm_ids`) this process has read or written: one query per name and app per ID_CACHE_MS, not per order. */
  private readonly ids = new Map<string, { id: number; until: number }>();
  /** Claims a failed attempt could not give back (the database was away): given back before the command is claimed again. */
  private readonly unreleased = new UnreleasedClaims();
  /** The same for name claims (a find-or-create by name in flight when the database went away: 90 s otherwise). */
  private readonly unreleasedNames = new UnreleasedClaims();

  constructor(private readonly db: DataSource) {}

  /**
   * Takes the command for this replica for `leaseMs` (`claimed`, with the progress of earlier
   * attempts, how many there were, and this claim's owner `token`), or says another replica holds
   * it now (`busy`) or it is `done`. The token is written with the claim, in the same statement:
   * every later write of this holder passes it and applies only while the row still carries it.
   */
  async claim(key: string, merchantId: string, routingKey: string, leaseMs: number): Promise<Claim> {
    await this.unreleased.settle(key);
    const token = randomUUID();
    const rows: Array<{ progress: CascadeProgress; attempts: number }> = await this.db.query(
      `INSERT INTO delivered_commands (idempotency_key, merchant_id, routing_key, claimed_until, attempts, claim_token)
       VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond', 1, $5)
       ON CONFLICT (idempotency_key) DO UPDATE SET claimed_until = EXCLUDED.claimed_until, attempts = delivered_commands.attempts + 1, claim_token = EXCLUDED.claim_token
         WHERE delivered_commands.delivered_at IS NULL AND (delivered_commands.claimed_until IS NULL OR delivered_commands.claimed_until < clock_timestamp())
       RETURNING progress, attempts`,
      [key, merchantId, routingKey, leaseMs, token],
    );
    if (rows[0]) return { state: 'claimed', progress: rows[0].progress, attempts: rows[0].attempts, token };
    const [row]: Array<{ progress: CascadeProgress; delivered_at: Date | null }> = await this.db.query(
      `SELECT progress, delivered_at FROM delivered_commands WHERE idempotency_key = $1`,
      [key],
    );
    return row?.delivered_at ? { state: 'done', progress: row.progress } : { state: 'busy' };
  }

  /**
   * Extends the claim `token` holds to `leaseMs` from now; false when the row no longer carries the
   * token (another replica took the command over after this holder's lease ran out, or it ended).
   * A lease that ran out but was not taken over is still this holder's, and is extended.
   */
  renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    return this.fenced(
      `UPDATE delivered_commands SET claimed_until = clock_timestamp() + $3 * interval '1 millisecond'
       WHERE idempotency_key = $1 AND claim_token = $2 AND delivered_at IS NULL`,
      [key, token, leaseMs],
    );
  }

  /** Writes the progress while `token` holds the claim; false (nothing written) when it lost it. */
  saveProgress(key: string, token: string, progress: CascadeProgress): Promise<boolean> {
    return this.fenced(`UPDATE delivered_commands SET progress = $3 WHERE idempotency_key = $1 AND claim_token = $2 AND delivered_at IS NULL`, [
      key,
      token,
      JSON.stringify(progress),
    ]);
  }

  /** Marks the command delivered while `token` holds the claim; false (nothing written) when it lost it. */
  markDelivered(key: string, token: string, progress: CascadeProgress): Promise<boolean> {
    return this.fenced(
      `UPDATE delivered_commands SET progress = $3, delivered_at = now(), claimed_until = NULL, claim_token = NULL
       WHERE idempotency_key = $1 AND claim_token = $2 AND delivered_at IS NULL`,
      [key, token, JSON.stringify(progress)],
    );
  }

  /**
   * Gives the command back after a failure, with the progress the attempt made, so the retry
   * neither waits for the claim to expire nor repeats what is known done — only while `token`
   * holds the claim: a holder that lost it must not write its older progress over the new owner's
   * (false, nothing written). When the database is away (most likely why the attempt failed):
   * undefined, and the claim is given back, with this progress, when this process claims the
   * command again (UnreleasedClaims), not a lease later.
   */
  release(key: string, token: string, progress: CascadeProgress): Promise<boolean | undefined> {
    return this.unreleased.giveBack(key, () =>
      this.fenced(
        `UPDATE delivered_commands SET claimed_until = NULL, claim_token = NULL, progress = $3
         WHERE idempotency_key = $1 AND claim_token = $2 AND delivered_at IS NULL`,
        [key, token, JSON.stringify(progress)],
      ),
    );
  }

  /** Runs one UPDATE; true when it changed a row. */
  private async fenced(update: string, params: unknown[]): Promise<boolean> {
    const [row]: Array<{ n: number }> = await this.db.query(`WITH w AS (${update} RETURNING 1) SELECT count(*)::int AS n FROM w`, params);
    return row.n > 0;
  }

  /** The Infusionsoft order (`Job`) an order command created, if it did. */
  async jobIdOf(orderKey: string): Promise<number | undefined> {
    const [row]: Array<{ job_id: string | null }> = await this.db.query(`SELECT progress->>'jobId' AS job_id FROM delivered_commands WHERE idempotency_key = $1`, [orderKey]);
    return row?.job_id ? Number(row.job_id) : undefined;
  }

  /**
   * The id remembered for a name, from this process's copy when it has one (ids found or created
   * by name stay valid until the row is deleted in Infusionsoft; a call that meets a deleted one
   * forgets it, here and in the table). A name not known here is always read from the table:
   * another replica may have found or created it meanwhile.
   */
  async rememberedId(rateKey: string, kind: RememberedKind, name: string): Promise<number | undefined> {
    const cacheKey = idCacheKey(rateKey, kind, name);
    const hit = this.ids.get(cacheKey);
    if (hit && hit.until > Date.now()) return hit.id;
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT infusionsoft_id AS id FROM crm_ids WHERE rate_key = $1 AND kind = $2 AND natural_key = $3`,
      [rateKey, kind, name],
    );
    if (!rows[0]) return undefined;
    const id = Number(rows[0].id);
    this.keep(cacheKey, id);
    return id;
  }

  /**
   * Takes the claim on `key` for `ttlMs` if nobody holds it (or the holder's claim expired): its
   * owner token; undefined while another replica holds it.
   */
  async claimName(key: string, ttlMs: number): Promise<string | undefined> {
    await this.unreleasedNames.settle(key);
    const token = randomUUID();
    const rows: unknown[] = await this.db.query(
      `INSERT INTO name_claims (claim_key, claimed_until, claim_token) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', $3)
       ON CONFLICT (claim_key) DO UPDATE SET claimed_until = EXCLUDED.claimed_until, claim_token = EXCLUDED.claim_token WHERE name_claims.claimed_until < clock_timestamp()
       RETURNING 1`,
      [key, ttlMs, token],
    );
    return rows.length > 0 ? token : undefined;
  }

  /**
   * Ends the claim `token` holds; one taken over since (this holder outlived its TTL) is left to its
   * new holder. With the database away: ended when this process claims the name again.
   */
  async releaseName(key: string, token: string): Promise<void> {
    await this.unreleasedNames.giveBack(key, () => this.db.query(`DELETE FROM name_claims WHERE claim_key = $1 AND claim_token = $2`, [key, token]));
  }

  async forgetId(rateKey: string, kind: RememberedKind, name: string): Promise<void> {
    this.ids.delete(idCacheKey(rateKey, kind, name));
    await this.db.query(`DELETE FROM crm_ids WHERE rate_key = $1 AND kind = $2 AND natural_key = $3`, [rateKey, kind, name]);
  }

  async rememberId(rateKey: string, kind: RememberedKind, name: string, id: number): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_ids (rate_key, kind, natural_key, infusionsoft_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rate_key, kind, natural_key) DO UPDATE SET infusionsoft_id = EXCLUDED.infusionsoft_id`,
      [rateKey, kind, name, id],
    );
    this.keep(idCacheKey(rateKey, kind, name), id);
  }

  private keep(cacheKey: string, id: number): void {
    if (this.ids.size >= ID_CACHE_MAX) this.ids.clear();
    this.ids.set(cacheKey, { id, until: Date.now() + ID_CACHE_MS });
  }
}
