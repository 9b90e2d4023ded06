import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookCredential } from '../database';
import { DedupeStore } from './dedupe.store';
import { WebhookAuthService } from './webhook-auth.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookCredential])],
  controllers: [WebhooksController],
  providers: [WebhookAuthService, WebhooksService, DedupeStore],
  exports: [WebhookAuthService],
})
export class WebhooksModule {}
