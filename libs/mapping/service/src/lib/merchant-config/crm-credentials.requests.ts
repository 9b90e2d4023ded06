import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { InfusionsoftCredentialsDto, ONTRAPORT_API_STYLES, type OntraportApiStyle } from '@hub/messaging-contracts';

/** ONTRAPORT App ID and API key (Administration → ONTRAPORT API Instructions and Key Manager). */
export class OntraportCredentialsInput {
  @ApiProperty({ example: '2_12345_AbCdEf' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  appId: string;

  @ApiProperty({ description: 'Stored sealed; answers show only its last four characters', writeOnly: true })
  @IsString() @IsNotEmpty() @MaxLength(500)
  apiKey: string;

  @ApiPropertyOptional({ enum: ONTRAPORT_API_STYLES, description: 'Which API the test call uses (default rest)' })
  @IsOptional() @IsIn(ONTRAPORT_API_STYLES)
  api?: OntraportApiStyle;
}

/**
 * Infusionsoft app name + API key, an OAuth token or a service-account key (the connector's own
 * validated class), and who gets the error mail.
 */
export class InfusionsoftCredentialsInput extends InfusionsoftCredentialsDto {
  @ApiPropertyOptional({ type: [String], description: 'Who is mailed when Infusionsoft refuses a call' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsEmail({}, { each: true })
  notifyEmails?: string[];

  @ApiPropertyOptional({ description: 'Calls per second for this app, if not the connector default' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  callsPerSecond?: number;
}

/** Fields of each CRM's credentials that are secrets: sealed one by one, shown only as a hint. */
export const SECRET_CREDENTIAL_FIELDS = {
  ontraport: ['apiKey'],
  infusionsoft: ['apiKey', 'accessToken', 'serviceAccountKey'],
} as const;
