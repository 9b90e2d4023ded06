import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { covering, expiredPartitions, parsePartitionBound, partitionFor, PartitionRange } from '@hub/audit';
import { AUDIT_CONFIG, AuditConfig } from '../audit.config';

const DAY_MS = 86_400_000;

/**
 * Keeps the partitions of `transmissions`: creates the ones records need (ahead of time, and on
 * demand for late or early records), and drops whole partitions past the retention.
 */
@Injectable()
export class PartitionMaintainer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionMaintainer.name);
  private ranges: PartitionRange[] = [];
  /** Columns with a compression method of their own on the parent table (a new partition does not inherit it). */
  private compression?: Array<{ column: string; method: string }>;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: DataSource,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.maintain();
    this.timer = setInterval(() => void this.maintain().catch((err: Error) => this.logger.error(`partition maintenance failed: ${err.message}`)), this.config.AUDIT_MAINTENANCE_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Now and the next two days have partitions; partitions past retention are gone. Returns the dropped tables. */
  async maintain(now = new Date()): Promise<string[]> {
    await this.reload();
    await this.ensureFor([0, 1, 2].map((d) => new Date(now.getTime() + d * DAY_MS).toISOString()));
    const expired = expiredPartitions(this.ranges, now, this.config.AUDIT_RETENTION_DAYS);
    for (const name of expired) {
      await this.db.query(`DROP TABLE IF EXISTS "${name}"`);
      this.logger.log(`dropped ${name} (retention ${this.config.AUDIT_RETENTION_DAYS} days)`);
    }
    if (expired.length) await this.reload();
    return expired;
  }

  /** Creates partitions for the times no partition covers yet. */
  async ensureFor(times: readonly string[]): Promise<void> {
    if (!this.compression) await this.reload();
    // A batch's records mostly share a partition: test the last one found first.
    let last: { from: number; to: number } | undefined;
    for (const t of times) {
      const at = Date.parse(t);
      if (last && last.from <= at && at < last.to) continue;
      const found = covering(this.ranges, t);
      if (found) {
        last = { from: Date.parse(found.from), to: Date.parse(found.to) };
        continue;
      }
      const p = partitionFor(t, this.ranges, this.config.AUDIT_PARTITION_DAYS);
      try {
        // Names and bounds come from partitionFor (digits and ISO times only), never from input text.
        await this.db.query(`CREATE TABLE "${p.name}" PARTITION OF transmissions FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
        this.ranges.push(p);
        // Column names and methods come from the catalog (the migrations), never from input text.
        for (const c of this.compression ?? []) await this.db.query(`ALTER TABLE "${p.name}" ALTER COLUMN "${c.column}" SET COMPRESSION ${c.method}`);
      } catch (err) {
        // Another replica made one at the same moment: fine, as long as the time is covered now.
        await this.reload();
        if (!covering(this.ranges, t)) throw err;
      }
    }
  }

  private async reload(): Promise<void> {
    const rows: Array<{ name: string; bound: string }> = await this.db.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'transmissions' AND p.relnamespace = current_schema()::regnamespace`,
    );
    this.ranges = rows.map((r) => parsePartitionBound(r.name, r.bound)).filter((r): r is PartitionRange => r !== undefined);
    this.compression = await this.db.query(
      `SELECT attname AS column, CASE attcompression WHEN 'l' THEN 'lz4' ELSE 'pglz' END AS method FROM pg_attribute
       WHERE attrelid = 'transmissions'::regclass AND attnum > 0 AND NOT attisdropped AND attcompression <> ''`,
    );
  }
}
