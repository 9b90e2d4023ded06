import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';

export interface DedupeEntry {
  key: string;
  ttlDays: number;
}

const PURGE_BATCH = 10_000;

const SEEN_SQL = `SELECT key FROM dedupe_keys WHERE key = ANY($1::text[]) AND expires_at > now()`;
const REMEMBER_SQL = `INSERT INTO dedupe_keys (key, expires_at)
  SELECT k, now() + make_interval(days => d) FROM unnest($1::text[], $2::int[]) AS t(k, d)
  ON CONFLICT (key) DO UPDATE SET expires_at = GREATEST(dedupe_keys.expires_at, EXCLUDED.expires_at)`;

/**
 * No cache (PostgreSQL is the memory every replica shares); one batch per turn of the event loop.
 * Without a cache a batch may name a key twice: the statements take each key once.
 */
const BATCHING = { cache: false, batchScheduleFn: (run: () => void) => setImmediate(run), maxBatchSize: 5_000 } as const;

function throwIfError<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/**
 * Event keys already published, kept in PostgreSQL so every replica and every restart shares them.
 * A delivery costs at most two statements whatever its size — one lookup, one multi-row insert —
 * and deliveries handled in the same turn of the event loop share them (DataLoader batches every
 * call made before the next `setImmediate`): under load, one statement serves several deliveries,
 * with no added wait. Both are named prepared statements, parsed and planned once per connection.
 */
@Injectable()
export class DedupeStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DedupeStore.name);
  private purgeTimer?: NodeJS.Timeout;
  private readonly lookups = new DataLoader<string, boolean>((keys) => this.lookup(keys), BATCHING);
  private readonly inserts = new DataLoader<string, true, string>((keys) => this.insert(keys), BATCHING);
  /** The longest retention asked for each key waiting in the current insert batch. */
  private readonly pendingTtl = new Map<string, number>();

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
    const found = await this.lookups.loadMany(keys);
    return new Set(keys.filter((_, i) => throwIfError(found[i])));
  }

  /** Remembers published keys; a key seen again keeps the later of its two expiries. */
  async remember(entries: readonly DedupeEntry[]): Promise<void> {
    if (!entries.length) return;
    for (const e of entries) this.pendingTtl.set(e.key, Math.max(e.ttlDays, this.pendingTtl.get(e.key) ?? 0));
    for (const r of await this.inserts.loadMany(entries.map((e) => e.key))) throwIfError(r);
  }

  private async lookup(keys: readonly string[]): Promise<boolean[]> {
    const { rows } = await this.pool.query<{ key: string }>({ name: 'dedupe-seen', text: SEEN_SQL, values: [[...new Set(keys)]] });
    const found = new Set(rows.map((r) => r.key));
    return keys.map((k) => found.has(k));
  }

  private async insert(keys: readonly string[]): Promise<true[]> {
    // One row per key (a statement cannot touch a row twice), each with the longest retention asked.
    const unique = [...new Set(keys)];
    const ttls = unique.map((k) => this.pendingTtl.get(k) ?? 1);
    for (const k of unique) this.pendingTtl.delete(k);
    await this.pool.query({ name: 'dedupe-remember', text: REMEMBER_SQL, values: [unique, ttls] });
    return keys.map(() => true);
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
