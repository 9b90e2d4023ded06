import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig, loadSecretBox, SecretBox } from '@hub/platform';
import { WebhookCredential } from '../database';
import { AffiliateSignupsService } from './affiliate-signups.service';
import { CartEventPublisher } from './cart-event-publisher.service';
import { DedupeStore } from './dedupe.store';
import { DeliveryTranslator } from './translation/delivery-translator.service';
import { InboundRecorder } from './inbound-recorder.service';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';
import { WebhookAuthGuard } from './webhook-auth.guard';
import { WebhookAuthService } from './webhook-auth.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({})
export class WebhooksModule {
  static register(overrides: Partial<IngestConfig> = {}): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [TypeOrmModule.forFeature([WebhookCredential])],
      controllers: [WebhooksController],
      providers: [
        { provide: INGEST_CONFIG, useFactory: (): IngestConfig => Object.assign(loadConfig(IngestConfig), overrides) },
        { provide: SecretBox, useFactory: () => loadSecretBox() },
        WebhookAuthService,
        WebhookAuthGuard,
        DedupeStore,
        CartEventPublisher,
        DeliveryTranslator,
        InboundRecorder,
        WebhooksService,
        AffiliateSignupsService,
      ],
      exports: [WebhookAuthService],
    };
  }
}
