import { IsString, MinLength, ValidateIf } from 'class-validator';
import { Secret } from '@hub/platform';

export class AccessConfig {
  /**
   * The platform operator's bearer token: creates merchants and their first admin token.
   * Empty: no operator (merchants then come only from the seed). At least 24 characters.
   */
  @ValidateIf((c: AccessConfig) => c.HUB_OPERATOR_TOKEN !== '')
  @IsString() @MinLength(24)
  @Secret()
  HUB_OPERATOR_TOKEN: string = '';
}
