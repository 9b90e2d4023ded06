import { Body, Controller, Delete, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HubAuthGuard, Roles } from '@hub/auth';
import { ChannelPartnerReply, RpcPatterns, WebhookCredentialsReply } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { MerchantParams } from './config-api.params';
import { ChannelPartnerBody, ChannelPartnerParams, WebhookCredentialsBody } from './cart-side.requests';

/**
 * The credentials of the ways in: the cart's webhook (ingest's table) and channel partners
 * (order-import's table). mapping stores none of it; it asks the owning service over RPC, and
 * neither the request nor the answer carrying a password is logged.
 */
@ApiTags('ways in')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants/:merchantId')
export class CartSideController {
  constructor(private readonly publisher: MessagePublisher) {}

  @Put('webhook-credentials')
  @Roles('admin')
  @ApiOperation({ summary: 'The HTTP Basic credentials (and optional signing key) the cart uses for this merchant’s webhook' })
  @ApiOkResponse({ description: '{merchantId, username, signed}: never the password' })
  setWebhookCredentials(@Param() p: MerchantParams, @Body() body: WebhookCredentialsBody): Promise<WebhookCredentialsReply> {
    return this.publisher.request<WebhookCredentialsReply>(RpcPatterns.ingest.setWebhookCredentials, { merchantId: p.merchantId, ...body });
  }

  @Put('channel-partners/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a channel partner allowed to import orders, or change its password' })
  setChannelPartner(@Param() p: ChannelPartnerParams, @Body() body: ChannelPartnerBody): Promise<ChannelPartnerReply> {
    return this.publisher.request<ChannelPartnerReply>(RpcPatterns.orderImport.upsertChannelPartner, {
      merchantId: p.merchantId,
      channelPartnerCode: p.code,
      password: body.password,
    });
  }

  @Delete('channel-partners/:code')
  @Roles('admin')
  removeChannelPartner(@Param() p: ChannelPartnerParams): Promise<ChannelPartnerReply> {
    return this.publisher.request<ChannelPartnerReply>(RpcPatterns.orderImport.deleteChannelPartner, { merchantId: p.merchantId, channelPartnerCode: p.code });
  }
}
