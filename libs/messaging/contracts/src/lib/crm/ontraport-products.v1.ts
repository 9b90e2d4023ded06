import { IsBoolean, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { CatalogItemDto } from '../cart/item-upserted.v1';
import { OntraportCommandBase, OntraportProductRefDto } from './ontraport-command-base';
import { NestedObject } from '../common';

/**
 * Command: a catalog item was created or changed. The connector always updates the item feed
 * ONTRAPORT polls ("Fetch Items", with the product mapping applied); with `push` (API method and
 * product sync on) it also adds or updates the ONTRAPORT product.
 */
export class OntraportProductUpsertV1 extends OntraportCommandBase {
  @NestedObject(() => CatalogItemDto)
  item: CatalogItemDto;

  /** The item's ONTRAPORT product after the merchant's mapping (name defaults to the item id). */
  @NestedObject(() => OntraportProductRefDto)
  product: OntraportProductRefDto;

  @IsBoolean()
  push: boolean;
}

/** Command: an item left the catalog: out of the feed, and (with `push`) its product deleted. */
export class OntraportProductDeleteV1 extends OntraportCommandBase {
  @IsString() @IsNotEmpty()
  itemId: string;

  @IsOptional() @NestedObject(() => OntraportProductRefDto)
  product?: OntraportProductRefDto;

  @IsBoolean()
  push: boolean;
}

/** Command: "Sync now" — push every item of the merchant's feed to ONTRAPORT products. */
export class OntraportProductSyncV1 extends OntraportCommandBase {
  @IsOptional() @IsString()
  requestedBy?: string;
}
