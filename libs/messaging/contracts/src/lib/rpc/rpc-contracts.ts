import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MerchantScoped } from '../common';

export class OntraportCredentialsRequest extends MerchantScoped {}

export interface OntraportCredentialsReply {
  appId: string;
  apiKey: string;
}

export class QueryTransmissionsRequest extends MerchantScoped {
  @IsOptional() @IsString()
  orderId?: string;

  @IsOptional() @IsString()
  correlationId?: string;

  @IsOptional() @IsIn(['inbound', 'outbound'])
  direction?: string;

  @IsOptional() @IsInt() @Min(1) @Max(500)
  limit?: number;
}
