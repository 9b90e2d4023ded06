import { Module } from '@nestjs/common';
import { AmqpConnection, MessagePublisher, ParkedMessages, TopologyNames } from '@hub/messaging-nest';
import { TransmissionsModule } from '../transmissions/transmissions.module';
import { ReplayController } from './replay.controller';
import { ReplayService } from './replay.service';

@Module({
  imports: [TransmissionsModule],
  controllers: [ReplayController],
  providers: [
    ReplayService,
    {
      provide: ParkedMessages,
      inject: [AmqpConnection, TopologyNames, MessagePublisher],
      useFactory: (c: AmqpConnection, n: TopologyNames, p: MessagePublisher) => new ParkedMessages(c, n, p),
    },
  ],
})
export class ReplayModule {}
