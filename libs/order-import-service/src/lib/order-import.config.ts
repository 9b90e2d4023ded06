import { IsInt, Max, Min } from 'class-validator';

/** What order-import reads beyond the shared AMQP / database / HTTP settings. */
export class OrderImportConfig {
  /** The relay looks for unpublished outbox rows this often even when nothing woke it (rows of a crashed replica). */
  @IsInt() @Min(50) @Max(60_000)
  OUTBOX_POLL_MS: number = 1_000;

  /** After a commit woke it, the relay waits this long for concurrent commits to join the same pass. */
  @IsInt() @Min(0) @Max(1_000)
  OUTBOX_GATHER_MS: number = 5;

  /** Rows one relay pass publishes (concurrently, on one confirm channel). */
  @IsInt() @Min(1) @Max(5_000)
  OUTBOX_BATCH_SIZE: number = 500;

  /** Published rows are kept this long (for inspection), then deleted. */
  @IsInt() @Min(0) @Max(24 * 30)
  OUTBOX_RETENTION_HOURS: number = 24;

  /**
   * A verified channel-partner password is remembered (as a SHA-256 digest) this long, so a busy
   * partner does not pay a scrypt per order. A change or delete applies at once on the replica that
   * made it and within this time on the others. 0 verifies every request.
   */
  @IsInt() @Min(0) @Max(3600)
  CHANNEL_PARTNER_AUTH_CACHE_SECONDS: number = 60;
}

export const ORDER_IMPORT_CONFIG = Symbol('ORDER_IMPORT_CONFIG');
