import { Module } from '@nestjs/common';
import { CommandService } from './command.service';
import { CommandsConsumer } from './commands.consumer';
import { CredentialsConsumer } from './credentials.consumer';
import { CredentialsTestService } from './credentials-test.service';
import { DeliveryStore } from './delivery.store';
import { ErrorMailService } from './error-mail.service';
import { CallRateLimiter } from './rate-limiter';
import { InfusionsoftXmlRpcClient } from './xml-rpc.client';

@Module({
  controllers: [CommandsConsumer, CredentialsConsumer],
  providers: [CommandService, CredentialsTestService, InfusionsoftXmlRpcClient, CallRateLimiter, DeliveryStore, ErrorMailService],
})
export class DeliveryModule {}
