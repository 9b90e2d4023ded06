import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InfusionsoftTestCredentialsReply, InfusionsoftTestCredentialsRequest, RpcPatterns } from '@hub/messaging-contracts';
import { CredentialsTestService } from './credentials-test.service';

@Controller()
export class CredentialsConsumer {
  constructor(private readonly tester: CredentialsTestService) {}

  @MessagePattern(RpcPatterns.infusionsoft.testCredentials)
  test(@Payload() request: InfusionsoftTestCredentialsRequest): Promise<InfusionsoftTestCredentialsReply> {
    return this.tester.test(request);
  }
}
