import { Module } from '@nestjs/common';
import { MerchantConfigModule } from '../merchant-config/merchant-config.module';
import { CascadeConsumer } from './cascade.consumer';

@Module({
  imports: [MerchantConfigModule],
  controllers: [CascadeConsumer],
})
export class CascadeModule {}
