import { IsEmail, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from '@hub/platform';

export class InfusionsoftConfig {
  /** The legacy per-app endpoint; `{app}` is replaced by the merchant's app name. */
  @IsString() @Matches(/^https?:\/\/.*\{app\}/, { message: 'INFUSIONSOFT_LEGACY_URL must be an http(s) URL containing {app}' })
  INFUSIONSOFT_LEGACY_URL: string = 'https://{app}.infusionsoft.com/api/xmlrpc';

  /** The endpoint for OAuth tokens and service-account keys. */
  @IsString() @Matches(/^https?:\/\//)
  INFUSIONSOFT_OAUTH_URL: string = 'https://api.infusionsoft.com/crm/xmlrpc/v1';

  @IsInt() @Min(100)
  INFUSIONSOFT_TIMEOUT_MS: number = 30_000;

  /** Calls per second per Infusionsoft app, across all replicas (Infusionsoft allows OAuth apps 25/s). */
  @IsInt() @Min(1) @Max(10_000)
  INFUSIONSOFT_CALLS_PER_SECOND: number = 25;

  /**
   * How long a replica's claim on a command lasts without renewal. The holder renews it every third
   * of this while it delivers; a holder that died loses it this long after its last renewal, and
   * the redelivered command is taken over (continuing from the saved progress).
   */
  @IsInt() @Min(300)
  INFUSIONSOFT_CLAIM_LEASE_MS: number = 30_000;

  /**
   * How long a replica reuses a merchant's credentials from mapping (0: ask for every command).
   * Credentials refused while remembered are asked for again before the command is parked.
   */
  @IsInt() @Min(0) @Max(600_000)
  INFUSIONSOFT_CREDENTIALS_CACHE_MS: number = 30_000;

  /** Where the error mail goes out (the simulator suite's SMTP sink listens on 4025). */
  @IsString() @Matches(/^smtps?:\/\//) @Secret()
  SMTP_URL: string = 'smtp://127.0.0.1:4025';

  @IsEmail()
  MAIL_FROM: string = 'hub@example.com';
}
