import { Body, Controller, Get, Headers, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { CATALOG_CSV_COLUMNS, CatalogEntry, parseCatalogCsv } from '@hub/order-import';
import { ValidationFailedError } from '@hub/platform';
import { basicCredentials } from '../channel-partners/basic-credentials';
import { ChannelPartnersService } from '../channel-partners/channel-partners.service';
import { CatalogStore } from './catalog.store';

export class CouponsRequest {
  @IsArray() @ArrayMaxSize(10_000) @IsString({ each: true }) @MaxLength(50, { each: true })
  codes: string[];
}

export const CATALOG_CSV_ROUTE = '/channel_partner/:merchantId/catalog';

/**
 * The merchant's catalog as imports are checked against it: loaded by CSV (the cart's item events
 * keep it current too), with the coupons the merchant honours. Channel-partner credentials (Basic).
 */
@ApiTags('catalog')
@ApiBasicAuth()
@ApiParam({ name: 'merchantId' })
@Controller('channel_partner/:merchantId')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogStore,
    private readonly partners: ChannelPartnersService,
  ) {}

  @Put('catalog')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'item_id,description,price,currency,physical,inactive,preorder,options,auto_order_schedules\nBOOK,A book,25.00,USD,Y,N,N,Cover*=Hard|Soft;Inscription,\n' } })
  @ApiOperation({
    summary: 'Load items by CSV (upsert; all rows or none)',
    description: `Columns: ${CATALOG_CSV_COLUMNS.join(', ')} (only item_id required). options: \`Size*=S|M|L;Engraving\` (* required; values after =). auto_order_schedules: \`Monthly|Every 2 Months\`. 400 names each bad line and column.`,
  })
  @ApiOkResponse({ description: '{ loaded: n }' })
  async upload(@Param('merchantId') merchantId: string, @Headers('authorization') auth: string | undefined, @Body() body: Buffer | undefined): Promise<{ loaded: number }> {
    await this.authenticate(merchantId, auth);
    const { items, problems } = parseCatalogCsv(Buffer.isBuffer(body) ? body.toString('utf8') : '');
    if (problems.length) throw new ValidationFailedError(problems.map((p) => ({ field: p.field, messages: [p.message] })), 'The catalog CSV is not valid');
    await this.catalog.upsertMany(merchantId, items);
    return { loaded: items.length };
  }

  @Get('catalog')
  @ApiOperation({ summary: 'The catalog as imports see it' })
  async list(@Param('merchantId') merchantId: string, @Headers('authorization') auth: string | undefined): Promise<CatalogEntry[]> {
    await this.authenticate(merchantId, auth);
    return this.catalog.list(merchantId);
  }

  @Put('coupons')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add coupon codes the merchant honours (an unknown coupon is an import warning)' })
  async coupons(@Param('merchantId') merchantId: string, @Headers('authorization') auth: string | undefined, @Body() body: CouponsRequest): Promise<{ added: number }> {
    await this.authenticate(merchantId, auth);
    await this.catalog.setCoupons(merchantId, body.codes);
    return { added: body.codes.length };
  }

  private authenticate(merchantId: string, auth: string | undefined): Promise<void> {
    const c = basicCredentials(merchantId, auth);
    return this.partners.verify(c.merchantId, c.channelPartnerCode, c.channelPartnerPassword);
  }
}
