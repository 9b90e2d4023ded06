import { Initial1732406400000 } from './1732406400000-initial.migration';
import { MerchantIntegration } from './merchant-integration.entity';
import { ProductMapping } from './product-mapping.entity';

export const MAPPING_SCHEMA = 'mapping';
export const MAPPING_ENTITIES = [MerchantIntegration, ProductMapping];
export const MAPPING_MIGRATIONS = [Initial1732406400000];
export { MerchantIntegration, ProductMapping };
