import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { MERCHANT_ROLES, MerchantRole } from '@hub/messaging-contracts';

export class CreateMerchantRequest {
  @ApiProperty({ example: 'ACME', description: 'The merchant id the cart and the CRMs know it by (also in the webhook URL)' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'merchantId must be 1–64 letters, digits, _ or -' })
  merchantId: string;

  @ApiProperty({ example: 'Acme Books' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;
}

export class IssueTokenRequest {
  @ApiProperty({ enum: MERCHANT_ROLES, description: 'admin changes the configuration; support only reads it' })
  @IsIn(MERCHANT_ROLES)
  role: MerchantRole;

  @ApiProperty({ example: 'Pat (support desk)', description: 'Who or what uses the token' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  label: string;
}
