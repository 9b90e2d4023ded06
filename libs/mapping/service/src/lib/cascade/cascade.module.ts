import { Module } from '@nestjs/common';
import { MerchantConfigModule } from '../merchant-config/merchant-config.module';
import { CascadeConsumer } from './cascade.consumer';
import { CascadeService } from './cascade.service';

@Module({
  imports: [MerchantConfigModule],
  controllers: [CascadeConsumer],
  providers: [CascadeService],
  exports: [CascadeService],
})
export class CascadeModule {}
