import { availableParallelism } from 'node:os';
import { IsInt, Max, Min } from 'class-validator';

/** What ingest reads beyond the shared AMQP / database / HTTP settings. */
export class IngestConfig {
  /** How long an event's key is remembered: covers the cart's retries and a merchant's reflow. */
  @IsInt() @Min(1) @Max(3650)
  DEDUPE_TTL_DAYS: number = 30;

  /** How long an order stays *placed*: an order edited months later must not be sold again. */
  @IsInt() @Min(1) @Max(3650)
  PLACED_DEDUPE_TTL_DAYS: number = 400;

  /** Expired keys are deleted in batches this often (every replica does it; it is idempotent). */
  @IsInt() @Min(1_000)
  DEDUPE_PURGE_INTERVAL_MS: number = 600_000;

  /**
   * A verified Basic header is remembered (as a SHA-256 digest) this long, so a busy merchant does
   * not pay a scrypt per delivery. A changed password applies at once on the replica that stored
   * it and within this time on the others. 0 verifies every request.
   */
  @IsInt() @Min(0) @Max(3600)
  WEBHOOK_AUTH_CACHE_SECONDS: number = 60;

  /** Threads that parse, translate and redact deliveries; 0 does it on the event loop. Default: cores - 1, at most 2. */
  @IsInt() @Min(0) @Max(16)
  INGEST_TRANSLATION_WORKERS: number = Math.max(0, Math.min(2, availableParallelism() - 1));
}

export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
