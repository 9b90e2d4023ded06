import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DayPartition, expiredPartitions, partitionForDay, partitionsBetween } from '@hub/audit';
import { AUDIT_CONFIG, AuditConfig } from '../audit.config';

const DAY_MS = 86_400_000;

/**
 * Keeps the day partitions of `transmissions`: creates the ones records need (ahead of time, and
 * on demand for late or early records), and drops whole days past the retention.
 */
@Injectable()
export class PartitionMaintainer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionMaintainer.name);
  private readonly known = new Set<string>();
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

  /** Today and the next two days exist; days past retention are gone. Returns the dropped tables. */
  async maintain(now = new Date()): Promise<string[]> {
    for (const p of partitionsBetween(now, new Date(now.getTime() + 2 * DAY_MS))) await this.ensure(p);
    const existing: Array<{ name: string }> = await this.db.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'transmissions' AND p.relnamespace = current_schema()::regnamespace`,
    );
    const expired = expiredPartitions(existing.map((e) => e.name), now, this.config.AUDIT_RETENTION_DAYS);
    for (const name of expired) {
      await this.db.query(`DROP TABLE IF EXISTS "${name}"`);
      this.known.delete(name);
      this.logger.log(`dropped ${name} (retention ${this.config.AUDIT_RETENTION_DAYS} days)`);
    }
    return expired;
  }

  /** Creates the partitions these times fall in, where missing. */
  async ensureFor(times: readonly string[]): Promise<void> {
    const needed = new Map<string, DayPartition>();
    for (const t of times) {
      const p = partitionForDay(t);
      if (!this.known.has(p.name)) needed.set(p.name, p);
    }
    for (const p of needed.values()) await this.ensure(p);
  }

  private async ensure(p: DayPartition): Promise<void> {
    if (this.known.has(p.name)) return;
    try {
      // Names and bounds come from partitionForDay (digits and ISO times only), never from input text.
      await this.db.query(`CREATE TABLE IF NOT EXISTS "${p.name}" PARTITION OF transmissions FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
    } catch (err) {
      // Another replica created it at the same moment: fine, as long as it exists now.
      const [row] = await this.db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [p.name]);
      if (!row?.exists) throw err;
    }
    this.known.add(p.name);
  }
}
