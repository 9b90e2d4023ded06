import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MerchantScoped } from '../common';
import { ONTRAPORT_API_STYLES, type OntraportApiStyle } from './ontraport-command-base';

/**
 * RPC `rpc.ontraport.test-credentials.v1`: mapping asks the connector to try credentials before it
 * stores them as working. The request carries the candidate key (it is the thing under test); the
 * connector never logs or records it.
 */
export class OntraportTestCredentialsRequest extends MerchantScoped {
  @IsString() @IsNotEmpty() @MaxLength(200)
  appId: string;

  @IsString() @IsNotEmpty() @MaxLength(500)
  apiKey: string;

  @IsOptional() @IsIn(ONTRAPORT_API_STYLES)
  api?: OntraportApiStyle;
}

/**
 * `ok`: ONTRAPORT accepted the key. `wrong-key`: ONTRAPORT answered and refused it (401/403, or
 * the legacy API's failure). `unreachable`: no usable answer (timeout, refused connection, 5xx) —
 * the key is neither good nor bad yet. `rate-limited`: ONTRAPORT is throttling the account now.
 */
export type OntraportCredentialsVerdict = 'ok' | 'wrong-key' | 'unreachable' | 'rate-limited';

export interface OntraportTestCredentialsReply {
  verdict: OntraportCredentialsVerdict;
  /** For the admin: what ONTRAPORT said, or why it could not be asked. */
  message: string;
  httpStatus?: number;
}
