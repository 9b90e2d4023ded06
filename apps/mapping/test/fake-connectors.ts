import { Controller, INestApplication, Injectable, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  ChannelPartnerReply,
  InfusionsoftTestCredentialsReply,
  OntraportTestCredentialsReply,
  RpcPatterns,
  WebhookCredentialsReply,
} from '@hub/messaging-contracts';
import { MessagingModule, startConsumers } from '@hub/messaging-nest';
import { PlatformModule } from '@hub/platform';

/** What the stand-ins were asked, for assertions. */
@Injectable()
export class Asked {
  readonly requests: Array<{ pattern: string; body: Record<string, unknown> }> = [];
}

/**
 * Stand-ins for the RPCs mapping calls in other services (the connectors' credential tests,
 * ingest's webhook credentials, order-import's channel partners), answering by their contracts:
 * a key starting `good` is accepted, `bad` refused, `down` cannot be checked. The real handlers
 * are tested in their own services.
 */
@Controller()
class FakeHandlers {
  constructor(private readonly asked: Asked) {}

  private verdict(secret: unknown): 'ok' | 'wrong-key' | 'unreachable' {
    const s = String(secret ?? '');
    return s.startsWith('good') ? 'ok' : s.startsWith('bad') ? 'wrong-key' : 'unreachable';
  }

  @MessagePattern(RpcPatterns.ontraport.testCredentials)
  ontraport(@Payload() body: Record<string, unknown>): OntraportTestCredentialsReply {
    this.asked.requests.push({ pattern: RpcPatterns.ontraport.testCredentials, body });
    const verdict = this.verdict(body['apiKey']);
    return { verdict, message: verdict === 'ok' ? 'key accepted' : verdict === 'wrong-key' ? 'ONTRAPORT answered 401' : 'timeout' };
  }

  @MessagePattern(RpcPatterns.infusionsoft.testCredentials)
  infusionsoft(@Payload() body: { credentials: Record<string, unknown> }): InfusionsoftTestCredentialsReply {
    this.asked.requests.push({ pattern: RpcPatterns.infusionsoft.testCredentials, body });
    const c = body.credentials;
    if (c['appName'] === 'nosuchapp') return { verdict: 'unknown-app', message: 'no such application' };
    const verdict = this.verdict(c['apiKey'] ?? c['accessToken'] ?? c['serviceAccountKey']);
    return { verdict, message: verdict === 'ok' ? 'DataService.echo answered' : '[InvalidKey]' };
  }

  @MessagePattern(RpcPatterns.ingest.setWebhookCredentials)
  webhook(@Payload() body: Record<string, unknown>): WebhookCredentialsReply {
    this.asked.requests.push({ pattern: RpcPatterns.ingest.setWebhookCredentials, body });
    return { merchantId: String(body['merchantId']), username: String(body['username']), signed: typeof body['signingSecret'] === 'string' };
  }

  @MessagePattern(RpcPatterns.orderImport.upsertChannelPartner)
  channelPartner(@Payload() body: Record<string, unknown>): ChannelPartnerReply {
    this.asked.requests.push({ pattern: RpcPatterns.orderImport.upsertChannelPartner, body });
    return { merchantId: String(body['merchantId']), channelPartnerCode: String(body['channelPartnerCode']), outcome: 'created' };
  }

  @MessagePattern(RpcPatterns.orderImport.deleteChannelPartner)
  removeChannelPartner(@Payload() body: Record<string, unknown>): ChannelPartnerReply {
    this.asked.requests.push({ pattern: RpcPatterns.orderImport.deleteChannelPartner, body });
    return { merchantId: String(body['merchantId']), channelPartnerCode: String(body['channelPartnerCode']), outcome: 'deleted' };
  }
}

@Module({ controllers: [FakeHandlers], providers: [Asked] })
class FakeHandlersModule {}

export async function startFakeConnectors(amqpUrl: string): Promise<{ app: INestApplication; asked: Asked }> {
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformModule.forRoot('fake-connectors'), MessagingModule.forRoot({ service: 'fake-connectors', config: { AMQP_URL: amqpUrl } }), FakeHandlersModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await (await startConsumers(app)).ready();
  return { app, asked: app.get(Asked) };
}
