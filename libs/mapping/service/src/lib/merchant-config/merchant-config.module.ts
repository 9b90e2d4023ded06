import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadSecretBox, SecretBox } from '@hub/platform';
import { CatalogFolder, CrmSettingsRow, CustomerOrder, ProductMapping } from '../database';
import { CatalogFoldersStore } from './catalog-folders.store';
import { CredentialsTester } from './credentials-tester';
import { CrmSettingsStore } from './crm-settings.store';
import { CustomerHistoryStore } from './customer-history.store';
import { EventConfigReader } from './event-config.reader';
import { MerchantConfigService } from './merchant-config.service';
import { ProductMappingsStore } from './product-mappings.store';

@Module({
  imports: [TypeOrmModule.forFeature([CrmSettingsRow, ProductMapping, CustomerOrder, CatalogFolder])],
  providers: [
    MerchantConfigService,
    CrmSettingsStore,
    ProductMappingsStore,
    CustomerHistoryStore,
    CatalogFoldersStore,
    EventConfigReader,
    CredentialsTester,
    { provide: SecretBox, useFactory: () => loadSecretBox() },
  ],
  exports: [MerchantConfigService, CrmSettingsStore, ProductMappingsStore],
})
export class MerchantConfigModule {}
