import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetTransmissionRequest,
  OrderTimelineRequest,
  QueryTransmissionsRequest,
  RoutingKeys,
  RpcPatterns,
  SearchTransmissionsRequest,
  TransmissionDetailV1,
  TransmissionPageV1,
  TransmissionRecordedV1,
  TransmissionSummaryV1,
} from '@hub/messaging-contracts';
import { TransmissionStore } from './transmission.store';
import { TransmissionWriter } from './transmission.writer';

/** Records arriving on the bus, and the same queries as the HTTP API for other services. */
@Controller()
export class TransmissionsConsumer {
  constructor(
    private readonly writer: TransmissionWriter,
    private readonly store: TransmissionStore,
  ) {}

  /**
   * The transport has already checked the record against its contract (HubRmqServer parks one
   * that fails). The parameter's type is not the class, so Nest's global ValidationPipe does not
   * transform and check it a second time: that took about a fifth of this process's CPU per 2 KB
   * record (tools/bench/audit/README.md). Fields the contract does not know are therefore ignored
   * instead of refused: a newer sender's records are still kept.
   */
  @EventPattern(RoutingKeys.audit.transmissionRecorded)
  onRecorded(@Payload() record: Readonly<TransmissionRecordedV1>): Promise<void> {
    return this.writer.write(record);
  }

  /**
   * Several records in one message (what services publish now: TransmissionRecorder's group
   * commit). The transport checked each record alone against TransmissionRecordedV1 and parks the
   * bad ones by themselves; the good ones go into the same batch writer as single records, and the
   * message is acknowledged only once every one of them is stored (a failure retries the message;
   * records stored before are skipped by id).
   */
  @EventPattern(RoutingKeys.audit.transmissionBatchRecorded)
  onBatchRecorded(@Payload() batch: Readonly<{ records: ReadonlyArray<Readonly<TransmissionRecordedV1>> }>): Promise<void> {
    return this.writer.writeAll(batch.records);
  }

  @MessagePattern(RpcPatterns.audit.searchTransmissions)
  search(@Payload() { merchantId, ...filter }: SearchTransmissionsRequest): Promise<TransmissionPageV1> {
    return this.store.page(merchantId, filter);
  }

  @MessagePattern(RpcPatterns.audit.getTransmission)
  get(@Payload() q: GetTransmissionRequest): Promise<TransmissionDetailV1> {
    return this.store.detail(q.merchantId, q.id);
  }

  @MessagePattern(RpcPatterns.audit.orderTimeline)
  timeline(@Payload() q: OrderTimelineRequest): Promise<TransmissionSummaryV1[]> {
    return this.store.timeline(q.merchantId, q.orderId);
  }

  /** v1 of the query (kept for its callers): the newest `limit` records, returned oldest first. */
  @MessagePattern(RpcPatterns.audit.queryTransmissions)
  async query(@Payload() { merchantId, ...filter }: QueryTransmissionsRequest): Promise<TransmissionSummaryV1[]> {
    const page = await this.store.page(merchantId, { ...filter, direction: filter.direction as TransmissionSummaryV1['direction'] | undefined, limit: filter.limit ?? 100 });
    return page.items.reverse();
  }
}
