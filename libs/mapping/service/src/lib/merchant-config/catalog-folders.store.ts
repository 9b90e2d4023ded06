import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { ItemDeleted, ItemUpserted } from '@hub/domain';
import { foldersOf } from '@hub/mapping-rules';
import { RoutingKeys } from '@hub/messaging-contracts';
import { CatalogFolder } from '../database';

/** Which folders each catalog item sits in, kept from the cart's item events (for folder goals). */
@Injectable()
export class CatalogFoldersStore {
  constructor(@InjectRepository(CatalogFolder) private readonly rows: Repository<CatalogFolder>) {}

  /** Remembers an item event; other events leave the catalog alone. Idempotent. */
  async remember(merchantId: string, routingKey: string, event: unknown): Promise<void> {
    if (routingKey === RoutingKeys.cart.itemUpserted) {
      const { item } = event as ItemUpserted;
      await this.rows.upsert({ merchantId, itemId: item.itemId, folders: foldersOf(item.categoryPath) }, ['merchantId', 'itemId']);
    } else if (routingKey === RoutingKeys.cart.itemDeleted) {
      await this.rows.delete({ merchantId, itemId: (event as ItemDeleted).itemId });
    }
  }

  async forItems(merchantId: string, itemIds: string[]): Promise<Record<string, string[]>> {
    if (!itemIds.length) return {};
    const rows = await this.rows.findBy({ merchantId, itemId: In(itemIds) });
    return Object.fromEntries(rows.map((r) => [r.itemId, r.folders]));
  }
}
