import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';

/** The most records one batch message may carry (publishers cap lower: `TransmissionRecorder`). */
export const MAX_TRANSMISSION_BATCH_RECORDS = 1_000;

/**
 * Several transmission records in one message (`audit.transmission.recorded-batch.v1`): a service
 * coalesces the records made while its previous publish awaited the broker's confirm.
 *
 * Envelope: `{"records": [<TransmissionRecordedV1>, …]}`, 1 to MAX_TRANSMISSION_BATCH_RECORDS
 * entries, each exactly the body of an `audit.transmission.recorded.v1` message (so the single form
 * stays valid: messages already on a broker, order-import's outbox). Only the envelope is checked
 * as a whole; each record is checked on its own against TransmissionRecordedV1 (BATCH_CONTRACTS),
 * so one bad record is parked alone, as its single form would be, and the others are stored.
 */
export class TransmissionBatchRecordedV1 {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_TRANSMISSION_BATCH_RECORDS)
  records: unknown[];
}
