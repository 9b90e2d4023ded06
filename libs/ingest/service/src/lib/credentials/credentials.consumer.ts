import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RpcPatterns, SetWebhookCredentialsRequest, WebhookCredentialsReply } from '@hub/messaging-contracts';
import { WebhookCredential } from '../database';
import { WebhookAuthService } from '../webhooks/webhook-auth.service';

/**
 * mapping's configuration API sets a merchant's webhook credentials here: ingest owns the table,
 * so nobody else writes it. Replicas other than the one answering forget their cached
 * verification within WEBHOOK_AUTH_CACHE_SECONDS.
 */
@Controller()
export class CredentialsConsumer {
  constructor(
    private readonly auth: WebhookAuthService,
    @InjectRepository(WebhookCredential) private readonly credentials: Repository<WebhookCredential>,
  ) {}

  @MessagePattern(RpcPatterns.ingest.setWebhookCredentials)
  async set(@Payload() req: SetWebhookCredentialsRequest): Promise<WebhookCredentialsReply> {
    await this.auth.setCredentials(req.merchantId, req.username, req.password);
    if (req.signingSecret !== undefined) await this.auth.setSigningSecret(req.merchantId, req.signingSecret);
    const row = await this.credentials.findOneByOrFail({ merchantId: req.merchantId });
    return { merchantId: req.merchantId, username: row.username, signed: row.signingSecretSealed !== null };
  }
}
