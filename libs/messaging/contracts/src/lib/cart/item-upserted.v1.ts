import type { CatalogItem, ItemUpserted } from '@hub/domain';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MerchantScoped, MoneyDto, MoneyField, NestedObject } from '../common';

export class CatalogItemDto implements CatalogItem {
  @IsString() @IsNotEmpty()
  itemId: string;

  @IsOptional() @IsInt()
  itemOid?: number;

  @IsOptional() @IsString()
  description?: string;

  @IsOptional() @MoneyField()
  price?: MoneyDto;

  @IsOptional() @MoneyField()
  salePrice?: MoneyDto;

  @IsBoolean()
  inactive: boolean;

  @IsBoolean()
  kit: boolean;

  @IsOptional() @IsString()
  categoryPath?: string;

  @IsOptional() @IsString()
  modifiedAt?: string;
}

/** An item of the merchant's catalog was created or changed: product sync and the item feed. */
export class ItemUpsertedV1 extends MerchantScoped implements ItemUpserted {
  @IsBoolean()
  created: boolean;

  @NestedObject(() => CatalogItemDto)
  item: CatalogItemDto;
}
