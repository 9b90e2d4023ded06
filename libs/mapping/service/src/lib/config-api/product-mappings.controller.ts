import { pipeline } from 'node:stream/promises';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import { HubAuthGuard, Roles } from '@hub/auth';
import { ProductMappingRow, validateMappingRow, writeMappingCsv } from '@hub/mapping-rules';
import { ValidationFailedError } from '@hub/platform';
import { ImportMode, ImportResult, ProductMappingsStore } from '../merchant-config/product-mappings.store';
import { CrmParams, ItemParams, PageQuery } from './config-api.params';
import { ProductMappingBody } from './product-mapping.requests';

export class ImportQuery {
  @IsOptional() @IsIn(['all-or-nothing', 'valid-rows'])
  mode?: ImportMode;
}

/**
 * Product mappings per CRM: one by one, by the page, and as CSV for large catalogs (100,000 rows
 * and more, streamed both ways). CSV columns: item_id, product_name, product_id, external_id.
 */
@ApiTags('product mappings')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants/:merchantId/crms/:crm/mappings')
export class ProductMappingsController {
  constructor(private readonly mappings: ProductMappingsStore) {}

  @Get()
  @Roles('support')
  @ApiOkResponse({ description: '`items` in item id order; pass `next` as `after` for the next page' })
  page(@Param() p: CrmParams, @Query() q: PageQuery): Promise<{ items: ProductMappingRow[]; next?: string }> {
    return this.mappings.page(p.merchantId, p.crm, q.after, q.limit ?? 100);
  }

  @Get('export.csv')
  @Roles('support')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async exportCsv(@Param() p: CrmParams, @Res() res: Response): Promise<void> {
    res.setHeader('content-disposition', `attachment; filename="${p.merchantId}-${p.crm}-mappings.csv"`);
    await pipeline(writeMappingCsv(this.mappings.all(p.merchantId, p.crm)), res);
  }

  /**
   * The body is the CSV itself (`content-type: text/csv`), streamed. With `accept:
   * application/x-ndjson` the answer streams progress lines (`{"progress":{"rows":…}}`) and ends
   * with `{"result":…}`; otherwise one JSON answer: 200 when committed, 422 with the errors.
   */
  @Post('import.csv')
  @Roles('admin')
  @ApiConsumes('text/csv')
  @ApiQuery({ name: 'mode', required: false, enum: ['all-or-nothing', 'valid-rows'], description: 'all-or-nothing (default): one bad row → nothing changes' })
  @ApiOperation({ summary: 'Import product mappings from CSV; every bad row reported with its line number' })
  async importCsv(@Param() p: CrmParams, @Query() q: ImportQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const mode = q.mode ?? 'all-or-nothing';
    const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
    if (streaming) {
      res.status(200).setHeader('content-type', 'application/x-ndjson');
      res.flushHeaders();
    }
    let result: ImportResult;
    try {
      result = await this.mappings.importCsv(p.merchantId, p.crm, req, mode, (progress) => {
        if (streaming) res.write(JSON.stringify({ progress }) + '\n');
      });
    } catch (err) {
      // Headers are gone once progress streams: the failure becomes the last line (nothing was committed).
      if (!streaming) throw err;
      res.end(JSON.stringify({ error: { code: (err as { code?: string }).code ?? 'INTERNAL', message: 'the import failed; nothing was saved' } }) + '\n');
      return;
    }
    if (streaming) res.end(JSON.stringify({ result }) + '\n');
    else res.status(result.committed ? 200 : 422).json(result);
  }

  @Get(':itemId')
  @Roles('support')
  get(@Param() p: ItemParams): Promise<ProductMappingRow> {
    return this.mappings.get(p.merchantId, p.crm, p.itemId);
  }

  @Put(':itemId')
  @Roles('admin')
  async put(@Param() p: ItemParams, @Body() body: ProductMappingBody): Promise<ProductMappingRow> {
    // The same rules as a CSV row, so both ways in agree.
    const checked = validateMappingRow(p.crm, { item_id: p.itemId, product_name: body.productName, product_id: body.productId?.toString(), external_id: body.externalId }, 0);
    if (checked.kind === 'errors') throw new ValidationFailedError(checked.errors.map((e) => ({ field: camel(e.field ?? 'item_id'), messages: [e.message] })));
    await this.mappings.put(p.merchantId, p.crm, checked.row);
    return checked.row;
  }

  @Delete(':itemId')
  @HttpCode(204)
  @Roles('admin')
  async remove(@Param() p: ItemParams): Promise<void> {
    await this.mappings.remove(p.merchantId, p.crm, p.itemId);
  }
}

function camel(column: string): string {
  return { item_id: 'itemId', product_name: 'productName', product_id: 'productId', external_id: 'externalId' }[column] ?? column;
}
