import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { OntraportTestCredentialsReply, OntraportTestCredentialsRequest, RpcPatterns } from '@hub/messaging-contracts';
import { HubError } from '@hub/platform';
import { Gateways } from '../delivery/gateways';

/**
 * `rpc.ontraport.test-credentials.v1`: mapping tries a key before storing it as working. ONTRAPORT
 * refusing the key ("wrong-key") is told apart from not getting an answer ("unreachable"), so the
 * admin knows whether to fix the key or try again later. The key is used for one request and kept nowhere.
 */
@Controller()
export class TestCredentialsConsumer {
  constructor(private readonly gateways: Gateways) {}

  @MessagePattern(RpcPatterns.ontraport.testCredentials)
  async test(@Payload() req: OntraportTestCredentialsRequest): Promise<OntraportTestCredentialsReply> {
    try {
      await this.gateways.for(req.api).ping({ appId: req.appId, apiKey: req.apiKey }, { merchantId: req.merchantId, attempt: 1 });
      return { verdict: 'ok', message: `ONTRAPORT accepted the App ID and API key (${req.api ?? 'rest'} API)` };
    } catch (err) {
      const e = err as HubError;
      const status = Number(/ONTRAPORT_(\d{3})/.exec(e.code ?? '')?.[1]) || undefined;
      if (e.code === 'ONTRAPORT_AUTH') return { verdict: 'wrong-key', message: `ONTRAPORT refused the App ID and API key: ${e.message}`, ...(status ? { httpStatus: status } : {}) };
      if (e.code === 'ONTRAPORT_RATE_LIMITED') return { verdict: 'rate-limited', message: `ONTRAPORT is throttling this account right now; try again in a minute (${e.message})`, httpStatus: 429 };
      return { verdict: 'unreachable', message: `ONTRAPORT could not be asked: ${e.message}`, ...(status ? { httpStatus: status } : {}) };
    }
  }
}
