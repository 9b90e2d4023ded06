import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsObject, IsOptional } from 'class-validator';
import { RoutingKeys } from '@hub/messaging-contracts';

export const PREVIEWABLE_EVENTS = Object.values(RoutingKeys.cart);

/**
 * An UltraCart order as the cart's webhook carries it — alone (`ultracartOrder`) or in the webhook
 * envelope itself (`events`: the first order in it; the file posted to ingest can be posted here) —
 * previewed as "order placed"; or any canonical cart event with its routing key (`routingKey` + `event`).
 */
export class PreviewRequest {
  @ApiPropertyOptional({ description: 'The UltraCart webhook envelope: its first event carrying an order is previewed' })
  @IsOptional() @IsArray() @IsObject({ each: true })
  events?: Array<Record<string, Record<string, unknown>>>;

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
