import { Body, Controller, Delete, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsString } from 'class-validator';
import { fromRestOrder } from '@hub/order-import';
import { basicCredentials } from '../channel-partners/basic-credentials';
import { RestImportResponse, toRestResponse } from './import-outcome';
import { ImportService } from './import.service';
import { OrderLifecycleService } from './order-lifecycle.service';
import { CHANNEL_PARTNER_ORDER_SCHEMA, REST_RESPONSE_SCHEMA } from './openapi-schemas';

export class StageChangeRequest {
  /** Shipping Department, Completed Order or Rejected. */
  @IsString()
  stage: string;
}

const STATUSES = '200 imported (or the same order again); 400 invalid, every error with its field; 401 credentials; 402 card declined; 409 the same channel_partner_order_id with other content; 503 retry later.';

/** The REST form (`ChannelPartnerOrder`, snake_case JSON), authenticated with HTTP Basic `<code>:<password>`. */
@ApiTags('channel partner: REST')
@ApiBasicAuth()
@ApiParam({ name: 'merchantId' })
@Controller('channel_partner/:merchantId')
export class RestApiController {
  constructor(
    private readonly imports: ImportService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a ChannelPartnerOrder', description: STATUSES })
  @ApiBody({ schema: CHANNEL_PARTNER_ORDER_SCHEMA })
  @ApiResponse({ status: 200, schema: REST_RESPONSE_SCHEMA, description: 'ChannelPartnerImportResponse' })
  async importOrder(@Param('merchantId') merchantId: string, @Headers('authorization') auth: string | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: FastifyReply): Promise<RestImportResponse> {
    const { order, problems } = fromRestOrder(body);
    const outcome = await this.imports.importOrder({ iface: 'rest', credentials: basicCredentials(merchantId, auth), order, readProblems: problems, method: 'POST', url: `/channel_partner/${merchantId}/import` });
    res.status(outcome.httpStatus);
    return toRestResponse(outcome);
  }

  @Delete('cancel/by_channel_partner_order_id/:id')
  @ApiOperation({ summary: 'Cancel by the channel partner order id', description: 'Completed or rejected orders: 409 with the reason; Accounts Receivable, Pre-ordered, quotes, unshipped Shipping Department / Fraud Review: rejected.' })
  @ApiResponse({ status: 200, schema: REST_RESPONSE_SCHEMA })
  cancelByChannelPartnerOrderId(@Param('merchantId') merchantId: string, @Param('id') id: string, @Headers('authorization') auth: string | undefined, @Res({ passthrough: true }) res: FastifyReply): Promise<RestImportResponse> {
    return this.render(res, this.lifecycle.cancel({ by: 'channelPartnerOrderId', id }, { credentials: basicCredentials(merchantId, auth), method: 'DELETE', url: `/channel_partner/${merchantId}/cancel/by_channel_partner_order_id/${id}` }));
  }

  @Delete('cancel/by_ultracart_order_id/:id')
  @ApiOperation({ summary: 'Cancel by the order id importOrder answered', description: 'The same stage rules.' })
  @ApiResponse({ status: 200, schema: REST_RESPONSE_SCHEMA })
  cancelByOrderId(@Param('merchantId') merchantId: string, @Param('id') id: string, @Headers('authorization') auth: string | undefined, @Res({ passthrough: true }) res: FastifyReply): Promise<RestImportResponse> {
    return this.render(res, this.lifecycle.cancel({ by: 'orderId', id }, { credentials: basicCredentials(merchantId, auth), method: 'DELETE', url: `/channel_partner/${merchantId}/cancel/by_ultracart_order_id/${id}` }));
  }

  @Put('orders/:orderId/stage')
  @ApiOperation({
    summary: 'Move an imported order on',
    description: 'Accounts Receivable → Shipping Department / Completed Order once paid: the order then cascades to the CRMs (cart.order.placed.v1, once). Rejected follows the cancel rules.',
  })
  @ApiResponse({ status: 200, schema: REST_RESPONSE_SCHEMA })
  moveStage(@Param('merchantId') merchantId: string, @Param('orderId') orderId: string, @Headers('authorization') auth: string | undefined, @Body() body: StageChangeRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<RestImportResponse> {
    return this.render(res, this.lifecycle.moveStage({ by: 'orderId', id: orderId }, body.stage, { credentials: basicCredentials(merchantId, auth), method: 'PUT', url: `/channel_partner/${merchantId}/orders/${orderId}/stage` }));
  }

  private async render(res: FastifyReply, pending: Promise<Parameters<typeof toRestResponse>[0]>): Promise<RestImportResponse> {
    const outcome = await pending;
    res.status(outcome.httpStatus);
    return toRestResponse(outcome);
  }
}
