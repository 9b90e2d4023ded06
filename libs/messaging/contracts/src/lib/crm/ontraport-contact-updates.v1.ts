import { AUTO_ORDER_STATUSES, type AutoOrderStatus } from '@hub/domain';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { OntraportContactUpdateBase } from './ontraport-command-base';

/**
 * Command: a subscription's status changed (active, card declined, cancelled…) — also sent for a
 * declined card on a one-off order, which the old integration never told ONTRAPORT. The contact
 * gets the status in the merchant's chosen field and/or tags (`fields`, `addTags`, `removeTags`).
 */
export class OntraportAutoOrderStatusV1 extends OntraportContactUpdateBase {
  @IsIn(AUTO_ORDER_STATUSES)
  status: AutoOrderStatus;

  @IsOptional() @IsString()
  autoOrderCode?: string;

  /** The order whose payment failed, for a declined card. */
  @IsOptional() @IsString()
  orderId?: string;

  @IsOptional() @IsString()
  reason?: string;

  @IsOptional() @IsString()
  changedAt?: string;
}

/** Command: an affiliate signed up; the contact carries the affiliate id and the approved flag. */
export class OntraportAffiliateSignupV1 extends OntraportContactUpdateBase {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  affiliateId: string;

  @IsBoolean()
  approved: boolean;
}
