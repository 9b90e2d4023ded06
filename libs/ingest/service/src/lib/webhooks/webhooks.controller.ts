import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { RawBodyCarrier } from '@hub/platform';
import { AffiliateSignupRequest } from './affiliate-signup.request';
import { AffiliateSignupReceipt, AffiliateSignupsService } from './affiliate-signups.service';
import { WebhookAuthGuard } from './webhook-auth.guard';
import { SIGNATURE_HEADER } from './webhook-auth.service';
import { WebhookReceipt, WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBasicAuth()
@ApiParam({ name: 'merchantId' })
@ApiHeader({ name: SIGNATURE_HEADER, required: false, description: 'sha256=<hex HMAC-SHA256 of the raw body>; required when the merchant has a signing secret' })
// The guard also checks the merchant id's form (400), before anything else reads it.
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
  receive(@Param('merchantId') merchantId: string, @Body() body: Buffer | undefined): Promise<WebhookReceipt> {
    // The bytes as sent (a raw-body route, see INGEST_HTTP_OPTIONS), parsed off the event loop;
    // a request without a body has none (and is answered as malformed JSON).
    return this.webhooks.receive(merchantId, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  }

  @Post('affiliate-signups/:merchantId')
  @HttpCode(200)
  @ApiOperation({ summary: 'An affiliate signed up (UltraCart webhooks have no affiliate event): cart.affiliate.signed-up.v1' })
  @ApiOkResponse({ description: 'Confirmed by the broker: published, or a duplicate of an earlier sign-up' })
  signUp(@Param('merchantId') merchantId: string, @Req() req: RawBodyCarrier, @Body() body: AffiliateSignupRequest): Promise<AffiliateSignupReceipt> {
    return this.affiliates.signUp(merchantId, body, req.rawBody);
  }
}
