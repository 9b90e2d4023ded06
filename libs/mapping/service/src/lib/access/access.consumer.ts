import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthenticateTokenReply, AuthenticateTokenRequest, RpcPatterns } from '@hub/messaging-contracts';
import { AccessService } from './access.service';

/** Every service's `HubAuthGuard` asks here who holds a bearer token. */
@Controller()
export class AccessConsumer {
  constructor(private readonly access: AccessService) {}

  @MessagePattern(RpcPatterns.mapping.authenticateToken)
  authenticate(@Payload() request: AuthenticateTokenRequest): Promise<AuthenticateTokenReply> {
    return this.access.authenticate(request.token);
  }
}
