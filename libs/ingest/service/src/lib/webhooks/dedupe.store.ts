import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';

export interface DedupeEntry {
  key: string;
  ttlDays: number;
}

const PURGE_BATCH = 10_000;

/**
 * Event keys already published, kept in PostgreSQL so every replica and every restart shares them.
 * A delivery costs two round trips whatever its size: one lookup and one multi-row insert.
 */
@Injectable()
export class DedupeStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DedupeStore.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  /**
   * The service's own pg pool (TypeORM's, same connections and session settings), queried directly:
   * these two statements run on every delivery, and a TypeORM query runner per statement is
   * measurable at that rate.
   */
  private get pool(): Pool {
    return (this.db.driver as PostgresDriver).master as Pool;
  }

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch((err: Error) => this.logger.warn({ err: err.message }, 'purging expired dedupe keys failed')), this.config.DEDUPE_PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** Which of these keys were already published (and have not expired). */
  async seen(keys: readonly string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const { rows } = await this.pool.query<{ key: string }>(`SELECT key FROM dedupe_keys WHERE key = ANY($1::text[]) AND expires_at > now()`, [keys]);
    return new Set(rows.map((r) => r.key));
  }

  /** Remembers published keys; a key seen again keeps the later of its two expiries. */
  async remember(entries: readonly DedupeEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.pool.query(
      `INSERT INTO dedupe_keys (key, expires_at)
       SELECT k, now() + make_interval(days => d) FROM unnest($1::text[], $2::int[]) AS t(k, d)
       ON CONFLICT (key) DO UPDATE SET expires_at = GREATEST(dedupe_keys.expires_at, EXCLUDED.expires_at)`,
      [entries.map((e) => e.key), entries.map((e) => e.ttlDays)],
    );
  }

  /** Deletes up to one batch of expired keys; returns how many. */
  async purgeExpired(limit = PURGE_BATCH): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(
      `DELETE FROM dedupe_keys WHERE key IN (SELECT key FROM dedupe_keys WHERE expires_at <= now() LIMIT $1)`,
      [limit],
    );
    return count;
  }
}
