import { IsString, Length } from 'class-validator';

/** What a merchant's token may do: `admin` changes the configuration, `support` only reads. */
export const MERCHANT_ROLES = ['admin', 'support'] as const;
export type MerchantRole = (typeof MERCHANT_ROLES)[number];

/** `operator` is the platform's own token (from mapping's environment): it creates merchants. */
export type PrincipalRole = MerchantRole | 'operator';

/**
 * `rpc.mapping.authenticate-token.v1`: who presents this bearer token? mapping owns the tokens;
 * every other service asks it (through `@hub/auth`) instead of reading mapping's tables.
 * Answer: `AuthenticateTokenReply`, or an error of kind `unauthorized` (code `UNAUTHORIZED`)
 * for an unknown, revoked or malformed token.
 */
export class AuthenticateTokenRequest {
  @IsString() @Length(1, 512)
  token: string;
}

export interface AuthenticateTokenReply {
  /** Stable id of the token (never the token): for logs and audit trails. */
  tokenId: string;
  role: PrincipalRole;
  /** The merchant the token belongs to; null for the platform operator. */
  merchantId: string | null;
}
