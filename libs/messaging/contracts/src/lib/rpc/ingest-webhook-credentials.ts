import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MerchantScoped } from '../common';

/**
 * `rpc.ingest.webhook-credentials.set.v1`: the HTTP Basic credentials the cart uses for this
 * merchant's webhook (ingest stores the password scrypt-hashed), and optionally the HMAC key for
 * `X-Hub-Signature-256` (stored sealed; `null` stops asking for a signature; absent: unchanged).
 * Sent by mapping's configuration API. Answer: `WebhookCredentialsReply`.
 */
export class SetWebhookCredentialsRequest extends MerchantScoped {
  @IsString() @Matches(/^[^:\s]{1,100}$/, { message: 'username must be 1–100 characters without spaces or colons' })
  username: string;

  @IsString() @MinLength(12) @MaxLength(200)
  password: string;

  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @IsNotEmpty() @MinLength(16) @MaxLength(200)
  signingSecret?: string | null;
}

export interface WebhookCredentialsReply {
  merchantId: string;
  username: string;
  /** Whether the cart must sign every body. */
  signed: boolean;
}
