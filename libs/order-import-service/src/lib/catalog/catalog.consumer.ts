import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ItemDeletedV1, ItemUpsertedV1, RoutingKeys } from '@hub/messaging-contracts';
import { CatalogStore } from './catalog.store';

/** Keeps the catalog in step with the cart: items created, changed, deleted. */
@Controller()
export class CatalogConsumer {
  constructor(private readonly catalog: CatalogStore) {}

  @EventPattern(RoutingKeys.cart.itemUpserted)
  onItemUpserted(@Payload() event: ItemUpsertedV1): Promise<void> {
    return this.catalog.upsertFromCart(event.merchantId, event.item);
  }

  @EventPattern(RoutingKeys.cart.itemDeleted)
  onItemDeleted(@Payload() event: ItemDeletedV1): Promise<void> {
    return this.catalog.deleteItem(event.merchantId, event.itemId);
  }
}
