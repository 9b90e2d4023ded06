import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { UnauthorizedError, ValidationFailedError } from '@hub/platform';
import { CommandRunner } from '../delivery/command-runner';
import { ItemFeedStore } from './item-feed.store';

class FeedQuery {
  /** The merchant's ONTRAPORT API key (ONTRAPORT's "Fetch Items" authenticates with the integration key). */
  @IsOptional() @IsString()
  key?: string;

  @IsOptional() @IsString()
  after?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  limit?: number;
}

const same = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** The item feed ONTRAPORT polls ("Fetch Items"): the merchant's catalog with the product mapping applied. */
@ApiTags('item feed')
@Controller('ontraport/feeds')
export class ItemFeedController {
  constructor(
    private readonly feed: ItemFeedStore,
    private readonly runner: CommandRunner,
  ) {}

  @Get(':merchantId/items')
  @ApiOperation({ summary: 'Items for ONTRAPORT to sync, named as the product mapping says; key = the merchant\'s ONTRAPORT API key (query `key` or header `Api-Key`)' })
  @ApiOkResponse({ description: '{ merchantId, items: [{ itemId, productName, externalId, productId, description, price, currency, inactive, updatedAt }], next }' })
  async items(@Param('merchantId') merchantId: string, @Query() q: FeedQuery, @Headers('api-key') headerKey?: string) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(merchantId)) throw new ValidationFailedError([{ field: 'merchantId', messages: ['must be 1-64 letters, digits, _ or -'] }]);
    const key = q.key ?? headerKey;
    if (!key) throw new UnauthorizedError('the ONTRAPORT API key is required (query key or header Api-Key)');
    const creds = await this.runner.credentials(merchantId).catch(() => undefined);
    if (!creds || !same(creds.apiKey, key)) throw new UnauthorizedError('the key does not match this merchant\'s ONTRAPORT API key');
    const limit = q.limit ?? 1000;
    const items = await this.feed.list(merchantId, q.after ?? '', limit);
    return {
      merchantId,
      items: items.map(({ priceMinor, ...i }) => ({ ...i, price: priceMinor === null ? null : (priceMinor / 100).toFixed(2) })),
      next: items.length === limit ? items[items.length - 1].itemId : null,
    };
  }
}
