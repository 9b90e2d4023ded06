import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChannelPartnerReply, DeleteChannelPartnerRequest, RpcPatterns, UpsertChannelPartnerRequest } from '@hub/messaging-contracts';
import { ChannelPartnersService } from './channel-partners.service';

/** The mapping config API manages a merchant's channel partners through these requests. */
@Controller()
export class ChannelPartnersConsumer {
  constructor(private readonly partners: ChannelPartnersService) {}

  @MessagePattern(RpcPatterns.orderImport.upsertChannelPartner)
  upsert(@Payload() request: UpsertChannelPartnerRequest): Promise<ChannelPartnerReply> {
    return this.partners.upsert(request.merchantId, request.channelPartnerCode, request.password);
  }

  @MessagePattern(RpcPatterns.orderImport.deleteChannelPartner)
  remove(@Payload() request: DeleteChannelPartnerRequest): Promise<ChannelPartnerReply> {
    return this.partners.remove(request.merchantId, request.channelPartnerCode);
  }
}
