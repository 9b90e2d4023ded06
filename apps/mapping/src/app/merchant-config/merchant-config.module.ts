import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { assertProductionKeys, loadConfig, SecretBox, SecretsConfig } from '@hub/platform';
import { MerchantIntegration, ProductMapping } from '../database';
import { MerchantConfigService } from './merchant-config.service';

@Module({
  imports: [TypeOrmModule.forFeature([MerchantIntegration, ProductMapping])],
  providers: [
    MerchantConfigService,
    {
      provide: SecretBox,
      useFactory: () => {
        const config = loadConfig(SecretsConfig);
        assertProductionKeys(config);
        return SecretBox.fromEnv(config.HUB_MASTER_KEYS);
      },
    },
  ],
  exports: [MerchantConfigService],
})
export class MerchantConfigModule {}
