import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CurrentPrincipal, HubAuthGuard, Principal, Roles } from '@hub/auth';
import { toCanonicalOrder, UcOrder } from '@hub/domain';
import { buildConversionPixel, idempotencyKeyOf, PixelAnswer, planOntraportSyncNow } from '@hub/mapping-rules';
import { MessagePublisher } from '@hub/messaging-nest';
import { ValidationFailedError } from '@hub/platform';
import { MerchantConfigService } from '../merchant-config/merchant-config.service';
import { MerchantParams } from './config-api.params';

export class SyncNowBody {
  @ApiPropertyOptional({ description: 'Sent again on a retry of the same click: one click, one sync' })
  @IsUUID()
  requestId: string;
}

export class PixelBody {
  @ApiPropertyOptional({ description: 'The UltraCart order of the receipt' })
  @IsObject()
  ultracartOrder: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The screen-branding theme code of the receipt' })
  @IsOptional() @IsString() @MaxLength(64)
  themeCode?: string;
}

/** ONTRAPORT's own buttons: "Sync now" for products, and the Partner Tracking Pixel of a receipt. */
@ApiTags('configuration')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants/:merchantId/crms/ontraport')
export class OntraportActionsController {
  constructor(
    private readonly config: MerchantConfigService,
    private readonly publisher: MessagePublisher,
  ) {}

  @Post('sync-now')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Push every item of the feed to ONTRAPORT products (API method only)' })
  async syncNow(@Param() p: MerchantParams, @Body() body: SyncNowBody, @CurrentPrincipal() who: Principal): Promise<{ queued: boolean; reason: string }> {
    const plan = planOntraportSyncNow(p.merchantId, (await this.config.settingsOf(p.merchantId)).ontraport, body.requestId, `token ${who.tokenId}`);
    for (const c of plan.commands) await this.publisher.publish(c.routingKey, c.payload, { messageId: idempotencyKeyOf(c) });
    return plan.commands.length ? { queued: true, reason: plan.commands[0].reason } : { queued: false, reason: plan.skipped[0]?.reason ?? 'nothing to do' };
  }

  @Post('pixel')
  @HttpCode(200)
  @Roles('support')
  @ApiOperation({ summary: 'The conversion pixel (URL and <img>) a receipt of this order and theme carries' })
  @ApiOkResponse({ description: '{ok, subdomain, url, html} or {ok: false, reason}' })
  async pixel(@Param() p: MerchantParams, @Body() body: PixelBody): Promise<PixelAnswer> {
    let order;
    try {
      order = toCanonicalOrder(body.ultracartOrder as unknown as UcOrder, p.merchantId);
    } catch (err) {
      throw new ValidationFailedError([{ field: 'ultracartOrder', messages: [err instanceof Error ? err.message : 'not an UltraCart order'] }]);
    }
    return buildConversionPixel((await this.config.settingsOf(p.merchantId)).ontraport, { orderId: order.orderId, themeCode: body.themeCode, order });
  }
}
