import { once } from 'node:events';
import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentMerchant, HubAuthGuard, Roles } from '@hub/auth';
import { csvLine } from '@hub/audit';
import { TransmissionDetailV1, TransmissionPageV1, TransmissionSummaryV1 } from '@hub/messaging-contracts';
import { TransmissionQueryDto } from './transmission-query.dto';
import { TransmissionStore } from './transmission.store';

const CSV_COLUMNS = [
  'id', 'occurredAt', 'integration', 'direction', 'type', 'status', 'description', 'orderId', 'customerEmail', 'method', 'url',
  'httpStatus', 'fault', 'durationMs', 'attempt', 'correlationId', 'requestBody', 'responseBody',
] as const;

/** The transmission log over HTTP, for the caller's merchant only (support or admin tokens). */
@ApiTags('transmissions')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Roles('support')
@Controller()
export class TransmissionsController {
  constructor(private readonly store: TransmissionStore) {}

  /** Newest first; pass `nextCursor` back as `cursor` for older records. Bodies only in the detail. */
  @Get('transmissions')
  @ApiOkResponse({ description: '{ items, nextCursor? }' })
  list(@CurrentMerchant() merchantId: string, @Query() q: TransmissionQueryDto): Promise<TransmissionPageV1> {
    return this.store.page(merchantId, q);
  }

  /** The filtered view as CSV (with bodies), streamed page by page however long it is. */
  @Get('transmissions/export.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="transmissions.csv"')
  async exportCsv(@CurrentMerchant() merchantId: string, @Query() q: TransmissionQueryDto, @Res() res: Response): Promise<void> {
    const pages = this.store.export(merchantId, q);
    // The first page is read before anything is sent, so a bad filter still gets its 400.
    const first = await pages.next();
    res.write(csvLine(CSV_COLUMNS));
    let result = first;
    while (!result.done && !res.destroyed) {
      const chunk = result.value.map((r) => csvLine(CSV_COLUMNS.map((c) => r[c]))).join('');
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      result = await pages.next();
    }
    res.end();
  }

  /** One record with its (redacted) request and response bodies. */
  @Get('transmissions/:id')
  @ApiOkResponse({ description: 'The record with its bodies; 404 also for another merchant’s record' })
  detail(@CurrentMerchant() merchantId: string, @Param('id', new ParseUUIDPipe()) id: string): Promise<TransmissionDetailV1> {
    return this.store.detail(merchantId, id);
  }

  /** Everything that happened to one order, across services and CRMs, oldest first. */
  @Get('orders/:orderId/timeline')
  @ApiOkResponse({ description: '{ items }, oldest first' })
  async timeline(@CurrentMerchant() merchantId: string, @Param('orderId') orderId: string): Promise<{ items: TransmissionSummaryV1[] }> {
    return { items: await this.store.timeline(merchantId, orderId.slice(0, 128)) };
  }
}
