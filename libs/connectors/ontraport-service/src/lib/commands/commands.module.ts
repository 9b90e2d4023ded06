import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { ItemFeedController } from '../products/item-feed.controller';
import { ItemFeedStore } from '../products/item-feed.store';
import { ProductService } from '../products/product.service';
import { TestCredentialsConsumer } from '../credentials/test-credentials.consumer';
import { ContactUpdateService } from './contact-update.service';
import { OntraportCommandsConsumer } from './ontraport-commands.consumer';
import { RefundService } from './refund.service';
import { SaleService } from './sale.service';

@Module({
  imports: [DeliveryModule],
  controllers: [OntraportCommandsConsumer, TestCredentialsConsumer, ItemFeedController],
  providers: [SaleService, RefundService, ContactUpdateService, ProductService, ItemFeedStore],
})
export class CommandsModule {}
