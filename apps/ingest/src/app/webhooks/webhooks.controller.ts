import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { WebhookAuthService } from './webhook-auth.service';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

class MerchantParams {
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'merchantId must be 1-64 letters, digits, _ or -' })
  merchantId: string;
}

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly auth: WebhookAuthService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Post('ultracart/:merchantId')
  @HttpCode(200)
  @ApiBasicAuth()
  @ApiOperation({ summary: 'UltraCart REST v2 webhook delivery: {"events":[{"order_create":{…}}]}' })
  @ApiParam({ name: 'merchantId' })
  @ApiBody({ schema: { type: 'object', properties: { events: { type: 'array', items: { type: 'object' } } } } })
  @ApiOkResponse({ description: 'Every event that must cascade was confirmed by the broker' })
  async receive(@Param() params: MerchantParams, @Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<WebhookReceipt> {
    await this.auth.verify(params.merchantId, authorization);
    return this.webhooks.receive(params.merchantId, body);
  }
}
