import type { AffiliateSignedUp } from '@hub/domain';
import { IsBoolean, IsEmail, IsOptional, IsString, Matches } from 'class-validator';
import { MerchantScoped } from '../common';

/** An affiliate joined the merchant's program (approved or awaiting approval). */
export class AffiliateSignedUpV1 extends MerchantScoped implements AffiliateSignedUp {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  affiliateId: string;

  @IsEmail()
  email: string;

  @IsOptional() @IsString()
  firstName?: string;

  @IsOptional() @IsString()
  lastName?: string;

  @IsBoolean()
  approved: boolean;

  @IsOptional() @IsString()
  signedUpAt?: string;
}
