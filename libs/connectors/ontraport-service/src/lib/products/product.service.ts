import { Injectable } from '@nestjs/common';
import type { OntraportProductDeleteV1, OntraportProductSyncV1, OntraportProductUpsertV1 } from '@hub/messaging-contracts';
import { CommandRunner } from '../delivery/command-runner';
import { Gateways } from '../delivery/gateways';
import { ItemFeedStore } from './item-feed.store';

const price = (minor: number | null | undefined) => ((minor ?? 0) / 100).toFixed(2);

/** Catalog changes: the item feed always; ONTRAPORT products when the command says push. */
@Injectable()
export class ProductService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly gateways: Gateways,
    private readonly feed: ItemFeedStore,
  ) {}

  upsert(cmd: OntraportProductUpsertV1, attempt: number): Promise<{ productId?: number } | undefined> {
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, async () => {
      const item = cmd.item;
      const shown = item.salePrice ?? item.price;
      await this.feed.upsert(cmd.merchantId, {
        itemId: item.itemId,
        productName: cmd.product.name,
        externalId: cmd.product.externalId ?? null,
        description: item.description ?? null,
        priceMinor: shown?.minor ?? null,
        currency: shown?.currency ?? null,
        inactive: item.inactive,
      });
      if (!cmd.push) return {};
      const creds = await this.runner.credentials(cmd.merchantId);
      const productId = await this.gateways.for(cmd.api).upsertProduct(creds, cmd.product, price(shown?.minor), { merchantId: cmd.merchantId, attempt });
      await this.feed.setProductId(cmd.merchantId, item.itemId, productId);
      return { productId };
    });
  }

  delete(cmd: OntraportProductDeleteV1, attempt: number): Promise<{ deletedProductId?: number } | undefined> {
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, async () => {
      const removed = await this.feed.remove(cmd.merchantId, cmd.itemId);
      const productId = removed?.productId ?? cmd.product?.productId;
      if (!cmd.push || productId === undefined || productId === null) return {};
      const creds = await this.runner.credentials(cmd.merchantId);
      const deleted = await this.gateways.for(cmd.api).deleteProduct(creds, productId, { merchantId: cmd.merchantId, attempt });
      return deleted ? { deletedProductId: productId } : {};
    });
  }

  /** "Sync now": every active feed item to an ONTRAPORT product (upserts, so a repeated sync changes nothing twice). */
  sync(cmd: OntraportProductSyncV1, attempt: number): Promise<{ synced: number } | undefined> {
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, async () => {
      const creds = await this.runner.credentials(cmd.merchantId);
      const gateway = this.gateways.for(cmd.api);
      let synced = 0;
      for (let after = '', page = await this.feed.list(cmd.merchantId); page.length; after = page[page.length - 1].itemId, page = await this.feed.list(cmd.merchantId, after)) {
        for (const item of page.filter((i) => !i.inactive)) {
          const ref = { name: item.productName, ...(item.externalId ? { externalId: item.externalId } : {}), ...(item.productId ? { productId: item.productId } : {}) };
          const productId = await gateway.upsertProduct(creds, ref, price(item.priceMinor), { merchantId: cmd.merchantId, attempt });
          await this.feed.setProductId(cmd.merchantId, item.itemId, productId);
          synced += 1;
        }
      }
      return { synced };
    });
  }
}
