import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { RoutingKeys } from '@hub/messaging-contracts';

export const PREVIEWABLE_EVENTS = Object.values(RoutingKeys.cart);

/**
 * Either an UltraCart order exactly as the cart's webhook carries it (`ultracartOrder`: previewed
 * as "order placed"), or any canonical cart event with its routing key (`routingKey` + `event`).
 */
export class PreviewRequest {
  @ApiPropertyOptional({ description: 'An UltraCart order object (as in the order_create webhook)' })
  @IsOptional() @IsObject()
  ultracartOrder?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: PREVIEWABLE_EVENTS, default: RoutingKeys.cart.orderPlaced })
  @IsOptional() @IsIn(PREVIEWABLE_EVENTS)
  routingKey?: string;

  @ApiPropertyOptional({ description: 'A canonical cart event (the payload of routingKey)' })
  @IsOptional() @IsObject()
  event?: Record<string, unknown>;
}
