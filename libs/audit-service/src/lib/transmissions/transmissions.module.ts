import { Module } from '@nestjs/common';
import { PartitionMaintainer } from './partition.maintainer';
import { TransmissionStore } from './transmission.store';
import { TransmissionWriter } from './transmission.writer';
import { TransmissionsConsumer } from './transmissions.consumer';
import { TransmissionsController } from './transmissions.controller';

@Module({
  controllers: [TransmissionsController, TransmissionsConsumer],
  providers: [TransmissionStore, TransmissionWriter, PartitionMaintainer],
  exports: [TransmissionWriter, TransmissionStore, PartitionMaintainer],
})
export class TransmissionsModule {}
