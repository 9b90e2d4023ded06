import { Initial1732406400000 } from './1732406400000-initial.migration';
import { MerchantsAndTokens1795500000000 } from './1795500000000-merchants-and-tokens.migration';
import { CrmSettingsAndHistory1795500100000 } from './1795500100000-crm-settings-and-history.migration';
import { CatalogFolders1795500200000 } from './1795500200000-catalog-folders.migration';
import { ApiToken } from './api-token.entity';
import { CatalogFolder } from './catalog-folder.entity';
import { CrmSettingsRow } from './crm-settings.entity';
import { CustomerOrder } from './customer-order.entity';
import { Merchant } from './merchant.entity';
import { ProductMapping } from './product-mapping.entity';

export const MAPPING_SCHEMA = 'mapping';
export const MAPPING_ENTITIES = [ProductMapping, Merchant, ApiToken, CrmSettingsRow, CustomerOrder, CatalogFolder];
export const MAPPING_MIGRATIONS = [Initial1732406400000, MerchantsAndTokens1795500000000, CrmSettingsAndHistory1795500100000, CatalogFolders1795500200000];
export { ApiToken, CatalogFolder, CrmSettingsRow, CustomerOrder, Merchant, ProductMapping };
export * from './crm-settings.entity';
