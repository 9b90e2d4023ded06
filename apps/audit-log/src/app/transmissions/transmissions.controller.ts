import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TransmissionRow, TransmissionStore } from './transmission.store';

export class TransmissionQueryDto {
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId: string;

  @IsOptional() @IsString() @MaxLength(128)
  orderId?: string;

  @IsOptional() @IsString() @MaxLength(128)
  correlationId?: string;

  @IsOptional() @IsIn(['inbound', 'outbound'])
  direction?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

@ApiTags('transmissions')
@Controller('transmissions')
export class TransmissionsController {
  constructor(private readonly store: TransmissionStore) {}

  /** What we received and sent for one merchant, oldest first: filter by order or correlation id. */
  @Get()
  @ApiOkResponse({ description: 'Transmission records, bodies redacted' })
  async list(@Query() q: TransmissionQueryDto): Promise<{ items: TransmissionRow[] }> {
    return { items: await this.store.find(q) };
  }
}
