import { IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MerchantScoped } from '../common';

/**
 * `rpc.order-import.channel-partner.upsert.v1`: creates a channel partner of the merchant, or
 * changes its password. order-import stores the password scrypt-hashed and never returns it.
 * Answer: `ChannelPartnerReply`.
 */
export class UpsertChannelPartnerRequest extends MerchantScoped {
  /** The code the partner sends as `credentials.channelPartnerCode`. */
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  channelPartnerCode: string;

  /** Sent as `credentials.channelPartnerPassword`; at least 8 characters. */
  @IsString() @MinLength(8) @MaxLength(200)
  password: string;
}

/** `rpc.order-import.channel-partner.delete.v1`: the partner can no longer import. Answer: `ChannelPartnerReply`. */
export class DeleteChannelPartnerRequest extends MerchantScoped {
  @IsString() @IsNotEmpty()
  channelPartnerCode: string;
}

export interface ChannelPartnerReply {
  merchantId: string;
  channelPartnerCode: string;
  /** `created` / `updated` for an upsert; `deleted` / `absent` for a delete. */
  outcome: 'created' | 'updated' | 'deleted' | 'absent';
}
