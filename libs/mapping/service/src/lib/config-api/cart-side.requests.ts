import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class WebhookCredentialsBody {
  @ApiProperty({ example: 'ultracart', description: 'The user name the cart sends (HTTP Basic)' })
  @IsString() @Matches(/^[^:\s]{1,100}$/, { message: 'username must be 1–100 characters without spaces or colons' })
  username: string;

  @ApiProperty({ writeOnly: true, description: 'At least 12 characters; ingest keeps only a scrypt hash' })
  @IsString() @MinLength(12) @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ writeOnly: true, nullable: true, description: 'HMAC key for X-Hub-Signature-256; null stops asking for a signature; absent leaves it as it is' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @IsNotEmpty() @MinLength(16) @MaxLength(200)
  signingSecret?: string | null;
}

export class ChannelPartnerParams {
  @ApiProperty({ example: 'ACME' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId: string;

  @ApiProperty({ example: 'AMZ', description: 'The code the partner sends as credentials.channelPartnerCode' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  code: string;
}

export class ChannelPartnerBody {
  @ApiProperty({ writeOnly: true, description: 'At least 8 characters; order-import keeps only a scrypt hash' })
  @IsString() @MinLength(8) @MaxLength(200)
  password: string;
}
