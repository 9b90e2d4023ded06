import { IsInt, Max, Min } from 'class-validator';

export class AuditConfig {
  /** Records written per INSERT at most. */
  @IsInt() @Min(1) @Max(5_000)
  AUDIT_BATCH_SIZE: number = 500;

  /** How long a record waits for its batch to fill before it is written anyway. */
  @IsInt() @Min(1) @Max(5_000)
  AUDIT_BATCH_WAIT_MS: number = 50;

  /** Messages in hand at once: must exceed the batch size, or batches never fill. */
  @IsInt() @Min(1) @Max(10_000)
  AUDIT_PREFETCH: number = 2_000;

  /** Records are kept at least this many days; a partition is dropped once all of it is older. */
  @IsInt() @Min(1) @Max(3_650)
  AUDIT_RETENTION_DAYS: number = 90;

  /**
   * Days per partition. Narrower: the partition being written keeps its indexes in memory, so a
   * record costs PostgreSQL the same however many arrived before it (2M records in one week: 83-87
   * µs each with 1-day partitions, 101 growing to 144 with 7-day ones; a 2M drain 11,108 against
   * 9,465 records/s), and old records go closer to the retention. Wider: fewer partitions for a
   * query without a time range to visit (90 days of 1-day partitions: p95 9-22 ms, against 2-3
   * with 7-day ones). With a retention much past 90 days, widen it (tools/bench/audit/README.md).
   */
  @IsInt() @Min(1) @Max(92)
  AUDIT_PARTITION_DAYS: number = 1;

  /** How often partitions are created ahead and expired ones dropped. */
  @IsInt() @Min(1) @Max(1_440)
  AUDIT_MAINTENANCE_MINUTES: number = 60;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
