import { Module } from '@nestjs/common';
import { CascadeModule } from '../cascade/cascade.module';
import { MerchantConfigModule } from '../merchant-config/merchant-config.module';
import { CartSideController } from './cart-side.controller';
import { CrmConfigController } from './crm-config.controller';
import { OntraportActionsController } from './ontraport-actions.controller';
import { OperatorController } from './operator.controller';
import { PreviewController } from './preview.controller';
import { ProductMappingsController } from './product-mappings.controller';

/** The merchant configuration API (HTTP, bearer tokens, OpenAPI at /docs). */
@Module({
  imports: [MerchantConfigModule, CascadeModule],
  controllers: [CrmConfigController, OntraportActionsController, ProductMappingsController, PreviewController, CartSideController, OperatorController],
})
export class ConfigApiModule {}
