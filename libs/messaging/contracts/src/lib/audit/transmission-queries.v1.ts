import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MerchantScoped } from '../common';
import { TRANSMISSION_DIRECTIONS, TRANSMISSION_STATUSES, TransmissionRecordedV1, TransmissionStatus } from './transmission-recorded.v1';

/**
 * What support filters the transmission log by. The merchant is not part of the filter: over HTTP
 * it comes from the caller's token, over RPC from the (trusted) calling service.
 */
export class TransmissionFilterV1 {
  @IsOptional() @IsString() @MaxLength(64)
  integration?: string;

  @IsOptional() @IsString() @MaxLength(64)
  type?: string;

  @IsOptional() @IsIn(TRANSMISSION_STATUSES)
  status?: TransmissionStatus;

  @IsOptional() @IsIn(TRANSMISSION_DIRECTIONS)
  direction?: (typeof TRANSMISSION_DIRECTIONS)[number];

  @IsOptional() @IsString() @MaxLength(128)
  orderId?: string;

  @IsOptional() @IsString() @MaxLength(254)
  customerEmail?: string;

  @IsOptional() @IsString() @MaxLength(128)
  correlationId?: string;

  /** Inclusive lower bound of `occurredAt`. */
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  /** Exclusive upper bound of `occurredAt`. */
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  /** Words or a phrase that must occur in the request or response body (whole words, any case). */
  @IsOptional() @IsString() @MinLength(2) @MaxLength(200)
  text?: string;

  /** `nextCursor` of the previous page. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** `rpc.audit.search-transmissions.v1` → `TransmissionPageV1`. */
export class SearchTransmissionsRequest extends TransmissionFilterV1 {
  @IsString() @IsNotEmpty() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId: string;
}

/** `rpc.audit.get-transmission.v1` → `TransmissionDetailV1`, or NOT_FOUND (also for another merchant's record). */
export class GetTransmissionRequest extends MerchantScoped {
  @IsUUID()
  id: string;
}

/** `rpc.audit.order-timeline.v1` → `TransmissionSummaryV1[]`, oldest first. */
export class OrderTimelineRequest extends MerchantScoped {
  @IsString() @IsNotEmpty() @MaxLength(128)
  orderId: string;
}

/** A record without its bodies (lists, timelines). */
export type TransmissionSummaryV1 = Omit<TransmissionRecordedV1, 'requestBody' | 'responseBody'> & { receivedAt: string };

export type TransmissionDetailV1 = TransmissionSummaryV1 & { requestBody?: string; responseBody?: string };

export interface TransmissionPageV1 {
  items: TransmissionSummaryV1[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}
