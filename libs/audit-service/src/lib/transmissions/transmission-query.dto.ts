import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { TRANSMISSION_DIRECTIONS, TRANSMISSION_STATUSES, TransmissionFilterV1, TransmissionStatus } from '@hub/messaging-contracts';

/**
 * The filters of `TransmissionFilterV1` (validation inherited), described for OpenAPI. The merchant
 * always comes from the caller's token; `merchantId` may be given but must be the token's own.
 */
export class TransmissionQueryDto extends TransmissionFilterV1 {
  @ApiPropertyOptional({ description: "Must be the token's own merchant (the token decides anyway)" })
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId?: string;

  @ApiPropertyOptional({ example: 'ontraport' })
  override integration?: string;

  @ApiPropertyOptional({ example: 'sale' })
  override type?: string;

  @ApiPropertyOptional({ enum: TRANSMISSION_STATUSES })
  override status?: TransmissionStatus;

  @ApiPropertyOptional({ enum: TRANSMISSION_DIRECTIONS })
  override direction?: (typeof TRANSMISSION_DIRECTIONS)[number];

  @ApiPropertyOptional()
  override orderId?: string;

  @ApiPropertyOptional({ description: 'Any case' })
  override customerEmail?: string;

  @ApiPropertyOptional({ description: 'The whole story of one order across services' })
  override correlationId?: string;

  @ApiPropertyOptional({ description: 'occurredAt ≥ from (ISO 8601)' })
  override from?: string;

  @ApiPropertyOptional({ description: 'occurredAt < to (ISO 8601)' })
  override to?: string;

  @ApiPropertyOptional({
    description:
      'Whole words or a phrase inside the request or response body, any case. A text of only one- and two-character words (`US`, `T-1`) ' +
      'is not answered by the index but by reading the merchant\'s records newest first: quick if they are frequent, slow for a rare one without a time range',
  })
  override text?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  override cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  override limit?: number;
}
