import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookCredential } from '../database';
import { CredentialsConsumer } from './credentials.consumer';

/** Takes the very webhooks module instance the app imports, so its credential cache is the one cleared. */
@Module({})
export class CredentialsModule {
  static register(webhooks: DynamicModule): DynamicModule {
    return { module: CredentialsModule, imports: [webhooks, TypeOrmModule.forFeature([WebhookCredential])], controllers: [CredentialsConsumer] };
  }
}
