import { Body, Controller, HttpCode, Param, Post, Req, RawBodyRequest, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { IsString, Matches } from 'class-validator';
import { AffiliateSignupRequest } from './affiliate-signup.request';
import { AffiliateSignupReceipt, AffiliateSignupsService } from './affiliate-signups.service';
import { MERCHANT_ID, WebhookAuthGuard } from './webhook-auth.guard';
import { SIGNATURE_HEADER } from './webhook-auth.service';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

class MerchantParams {
  @IsString() @Matches(MERCHANT_ID, { message: 'merchantId must be 1-64 letters, digits, _ or -' })
  merchantId: string;
}

@ApiTags('webhooks')
@ApiBasicAuth()
@ApiParam({ name: 'merchantId' })
@ApiHeader({ name: SIGNATURE_HEADER, required: false, description: 'sha256=<hex HMAC-SHA256 of the raw body>; required when the merchant has a signing secret' })
@UseGuards(WebhookAuthGuard)
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly affiliates: AffiliateSignupsService,
  ) {}

  @Post('ultracart/:merchantId')
  @HttpCode(200)
  @ApiOperation({ summary: 'UltraCart REST v2 webhook delivery: {"events":[{"order_create":{…}}]}, events optionally gzip+base64' })
  @ApiBody({ schema: { type: 'object', properties: { events: { oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'string' }] } } } })
  @ApiOkResponse({ description: 'Every new canonical event of the delivery was confirmed by the broker; one outcome per event' })
  receive(@Param() params: MerchantParams, @Body() body: Buffer): Promise<WebhookReceipt> {
    // The bytes as sent (a raw-body route, see INGEST_HTTP_OPTIONS): parsed off the event loop.
    return this.webhooks.receive(params.merchantId, body);
  }

  @Post('affiliate-signups/:merchantId')
  @HttpCode(200)
  @ApiOperation({ summary: 'An affiliate signed up (UltraCart webhooks have no affiliate event): cart.affiliate.signed-up.v1' })
  @ApiOkResponse({ description: 'Confirmed by the broker: published, or a duplicate of an earlier sign-up' })
  signUp(@Param() params: MerchantParams, @Req() req: RawBodyRequest<Request>, @Body() body: AffiliateSignupRequest): Promise<AffiliateSignupReceipt> {
    return this.affiliates.signUp(params.merchantId, body, req.rawBody);
  }
}
