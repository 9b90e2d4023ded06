import { Module } from '@nestjs/common';
import { OntraportIdsStore } from './ontraport-ids.store';
import { OntraportRestClient } from './ontraport-rest.client';
import { SaleConsumer } from './sale.consumer';
import { SaleService } from './sale.service';

@Module({
  controllers: [SaleConsumer],
  providers: [SaleService, OntraportRestClient, OntraportIdsStore],
})
export class SalesModule {}
