import { Module } from '@nestjs/common';
import { TransmissionStore } from './transmission.store';
import { TransmissionsConsumer } from './transmissions.consumer';
import { TransmissionsController } from './transmissions.controller';

@Module({
  controllers: [TransmissionsController, TransmissionsConsumer],
  providers: [TransmissionStore],
})
export class TransmissionsModule {}
