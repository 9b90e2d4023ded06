import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `POST /webhooks/affiliate-signups/:merchantId`: one affiliate who joined the merchant's program. */
export class AffiliateSignupRequest {
  /** UltraCart's affiliate ids are integers (`affiliate_oid`): a number is taken as its digits. */
  @ApiProperty({ example: '1234' })
  @Transform(({ value }) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value))
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'affiliateId must be 1-64 letters, digits, _ or -' })
  affiliateId: string;

  @ApiProperty({ example: 'pat@example.com' })
  @IsEmail()
  email: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  firstName?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  lastName?: string;

  @ApiProperty({ description: 'true once the merchant approved the affiliate' })
  @IsBoolean()
  approved: boolean;

  @ApiPropertyOptional({ example: '2026-11-24T12:00:00Z' }) @IsOptional() @IsISO8601()
  signedUpAt?: string;
}
