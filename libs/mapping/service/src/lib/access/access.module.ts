import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig } from '@hub/platform';
import { ApiToken, Merchant } from '../database';
import { AccessConfig } from './access.config';
import { AccessConsumer } from './access.consumer';
import { ACCESS_CONFIG, AccessService } from './access.service';
import { MerchantsController } from './merchants.controller';

@Module({})
export class AccessModule {
  static register(overrides: Partial<AccessConfig> = {}): DynamicModule {
    return {
      module: AccessModule,
      imports: [TypeOrmModule.forFeature([Merchant, ApiToken])],
      controllers: [AccessConsumer, MerchantsController],
      providers: [AccessService, { provide: ACCESS_CONFIG, useFactory: () => Object.assign(loadConfig(AccessConfig), overrides) }],
      exports: [AccessService],
    };
  }
}
