import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { MerchantScoped } from '../common';

export const TRANSMISSION_DIRECTIONS = ['inbound', 'outbound'] as const;
export const TRANSMISSION_STATUSES = ['succeeded', 'failed', 'retrying', 'parked', 'skipped'] as const;
export type TransmissionStatus = (typeof TRANSMISSION_STATUSES)[number];

/** One thing we received or sent, with what came back. Bodies must already be redacted. */
export class TransmissionRecordedV1 extends MerchantScoped {
  @IsUUID()
  id: string;

  @IsString() @IsNotEmpty()
  integration: string;

  @IsIn(TRANSMISSION_DIRECTIONS)
  direction: (typeof TRANSMISSION_DIRECTIONS)[number];

  @IsString() @IsNotEmpty()
  type: string;

  @IsIn(TRANSMISSION_STATUSES)
  status: TransmissionStatus;

  @IsString()
  description: string;

  @IsOptional() @IsString()
  orderId?: string;

  @IsOptional() @IsString()
  customerEmail?: string;

  @IsOptional() @IsString()
  method?: string;

  @IsOptional() @IsString()
  url?: string;

  @IsOptional() @IsString()
  requestBody?: string;

  @IsOptional() @IsString()
  responseBody?: string;

  @IsOptional() @IsInt()
  httpStatus?: number;

  /** What went wrong when there is no HTTP answer to record: a timeout, a reset, an XML-RPC fault. */
  @IsOptional() @IsString()
  fault?: string;

  @IsInt() @Min(0)
  durationMs: number;

  @IsInt() @Min(1)
  attempt: number;

  @IsOptional() @IsString()
  correlationId?: string;

  @IsISO8601()
  occurredAt: string;
}
