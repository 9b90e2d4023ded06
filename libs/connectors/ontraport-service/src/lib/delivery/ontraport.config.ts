import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ONTRAPORT_RATE_LIMIT, ONTRAPORT_RATE_WINDOW_MS } from '@hub/ontraport-core';

export class OntraportConfig {
  /** REST v1 lives under `/1/`, the legacy XML API at `/pdata.php` and `/cdata.php` of the same host. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ONTRAPORT_BASE_URL: string = 'https://api.ontraport.com';

  @IsInt() @Min(100)
  ONTRAPORT_TIMEOUT_MS: number = 15_000;

  /** Requests per rolling window per ONTRAPORT account, shared by every replica. */
  @IsInt() @Min(1) @Max(10_000)
  ONTRAPORT_RATE_LIMIT: number = ONTRAPORT_RATE_LIMIT;

  /** The real window is a minute; benchmarks scale it down together with the simulator's. */
  @IsInt() @Min(100)
  ONTRAPORT_RATE_WINDOW_MS: number = ONTRAPORT_RATE_WINDOW_MS;

  /**
   * How long fetched credentials are reused in this process (mapping is asked once per merchant per
   * period instead of once per command); 0 asks every time. A refused key is forgotten at once.
   */
  @IsInt() @Min(0) @Max(600_000)
  ONTRAPORT_CREDENTIALS_CACHE_MS: number = 30_000;

  /**
   * How long a replica's claim on a command lasts without renewal. The holder renews it every third
   * of this while it delivers; a holder that died loses it this long after its last renewal, and
   * the redelivered command is taken over (looking for what the dead one may have done first).
   */
  @IsInt() @Min(300)
  ONTRAPORT_CLAIM_LEASE_MS: number = 30_000;

  /** How many times a 429 is waited out within one attempt before the attempt is given up (it is retried later). */
  @IsInt() @Min(1) @Max(100)
  ONTRAPORT_MAX_RATE_WAITS: number = 10;
}
