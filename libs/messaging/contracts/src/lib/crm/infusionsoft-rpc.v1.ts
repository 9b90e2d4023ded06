import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MerchantScoped, NestedObject } from '../common';

/**
 * How the connector authenticates (reference B.1): `api-key` — the legacy per-app endpoint
 * `https://APPNAME.infusionsoft.com/api/xmlrpc` with the key as the first XML-RPC parameter;
 * `oauth` — `https://api.infusionsoft.com/crm/xmlrpc/v1` with `Authorization: Bearer`;
 * `service-account` — the same endpoint with the `X-Keap-API-Key` header.
 */
export const INFUSIONSOFT_AUTH_STYLES = ['api-key', 'oauth', 'service-account'] as const;
export type InfusionsoftAuthStyle = (typeof INFUSIONSOFT_AUTH_STYLES)[number];

/** Infusionsoft app names are host labels (`ab123`). */
export const INFUSIONSOFT_APP_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

/** A merchant's Infusionsoft credentials: only the secret of the chosen auth style is required. */
export class InfusionsoftCredentialsDto {
  @IsIn(INFUSIONSOFT_AUTH_STYLES)
  auth: InfusionsoftAuthStyle;

  /** Required for `api-key`; with OAuth it names the app for the per-app rate limit. */
  @ValidateIf((c: InfusionsoftCredentialsDto) => c.auth === 'api-key' || c.appName !== undefined)
  @Matches(INFUSIONSOFT_APP_NAME, { message: 'appName must be an Infusionsoft application name (letters, digits, dashes)' })
  appName?: string;

  @ValidateIf((c: InfusionsoftCredentialsDto) => c.auth === 'api-key')
  @IsString() @IsNotEmpty() @MaxLength(500)
  apiKey?: string;

  @ValidateIf((c: InfusionsoftCredentialsDto) => c.auth === 'oauth')
  @IsString() @IsNotEmpty() @MaxLength(2000)
  accessToken?: string;

  @ValidateIf((c: InfusionsoftCredentialsDto) => c.auth === 'service-account')
  @IsString() @IsNotEmpty() @MaxLength(500)
  serviceAccountKey?: string;

  /**
   * Overrides the connector's configured endpoint (a sandbox, the simulator). For `api-key` it may
   * contain `{app}`, replaced by the app name.
   */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  baseUrl?: string;
}

/** `rpc.mapping.infusionsoft-credentials.v1`: the connector asks mapping for a merchant's credentials. */
export class InfusionsoftCredentialsRequest extends MerchantScoped {}

/**
 * Mapping's answer (decrypted secrets travel only over this RPC, never in commands or logs).
 * `notifyEmails`: the merchant's users with the edit-settings permission — they get the error mail.
 * `callsPerSecond`: the merchant's limit for this Infusionsoft app, if it is not the connector's default.
 */
export interface InfusionsoftCredentialsReply {
  credentials: InfusionsoftCredentialsDto;
  notifyEmails: string[];
  callsPerSecond?: number;
}

/**
 * `rpc.infusionsoft.test-credentials.v1`: mapping asks the connector to try credentials before it
 * stores them as working. The request carries the candidate secret (the thing under test); the
 * connector never logs or records it.
 */
export class InfusionsoftTestCredentialsRequest extends MerchantScoped {
  @NestedObject(() => InfusionsoftCredentialsDto)
  credentials: InfusionsoftCredentialsDto;
}

/**
 * `ok`: Infusionsoft accepted the credentials. `wrong-key`: it answered and refused them
 * (`[InvalidKey]`, HTTP 401/403). `unknown-app`: no Infusionsoft application by that name.
 * `unreachable`: no usable answer (timeout, reset, 5xx, blank body) — neither good nor bad yet.
 * `rate-limited`: Infusionsoft is throttling the app now.
 */
export type InfusionsoftCredentialsVerdict = 'ok' | 'wrong-key' | 'unknown-app' | 'unreachable' | 'rate-limited';

export interface InfusionsoftTestCredentialsReply {
  verdict: InfusionsoftCredentialsVerdict;
  /** For the admin: what Infusionsoft said, or why it could not be asked. */
  message: string;
}
