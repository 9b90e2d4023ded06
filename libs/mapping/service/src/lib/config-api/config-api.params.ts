import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CRMS, Crm } from '../database';

const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class MerchantParams {
  @ApiProperty({ example: 'ACME' })
  @Matches(MERCHANT_ID)
  merchantId: string;
}

export class CrmParams extends MerchantParams {
  @ApiProperty({ enum: CRMS })
  @IsIn(CRMS)
  crm: Crm;
}

export class ItemParams extends CrmParams {
  @ApiProperty({ example: 'BOOK-1' })
  @IsString() @MaxLength(100)
  itemId: string;
}

export class PageQuery {
  @ApiProperty({ required: false, description: 'Item id to continue after (the `next` of the previous page)' })
  @IsOptional() @IsString() @MaxLength(100)
  after?: string;

  @ApiProperty({ required: false, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}
