import { Initial1732406400000 } from './1732406400000-initial.migration';
import { MerchantsAndTokens1795500000000 } from './1795500000000-merchants-and-tokens.migration';
import { ApiToken } from './api-token.entity';
import { Merchant } from './merchant.entity';
import { MerchantIntegration } from './merchant-integration.entity';
import { ProductMapping } from './product-mapping.entity';

export const MAPPING_SCHEMA = 'mapping';
export const MAPPING_ENTITIES = [MerchantIntegration, ProductMapping, Merchant, ApiToken];
export const MAPPING_MIGRATIONS = [Initial1732406400000, MerchantsAndTokens1795500000000];
export { ApiToken, Merchant, MerchantIntegration, ProductMapping };
