import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { QueryTransmissionsRequest, RoutingKeys, RpcPatterns, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { TransmissionRow, TransmissionStore } from './transmission.store';

@Controller()
export class TransmissionsConsumer {
  constructor(private readonly store: TransmissionStore) {}

  @EventPattern(RoutingKeys.audit.transmissionRecorded)
  onRecorded(@Payload() record: TransmissionRecordedV1): Promise<void> {
    return this.store.save(record);
  }

  @MessagePattern(RpcPatterns.audit.queryTransmissions)
  query(@Payload() q: QueryTransmissionsRequest): Promise<TransmissionRow[]> {
    return this.store.find(q);
  }
}
