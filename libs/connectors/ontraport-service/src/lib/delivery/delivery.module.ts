import { Module } from '@nestjs/common';
import { CommandRunner } from './command-runner';
import { Gateways } from './gateways';
import { LegacyGateway } from './legacy.gateway';
import { OntraportHttpClient } from './ontraport-http.client';
import { OntraportIdsStore } from './ontraport-ids.store';
import { RateLimiter } from './rate-limiter';
import { RestGateway } from './rest.gateway';

/** Talking to ONTRAPORT: both API styles behind one rate-limited, recorded HTTP client. */
@Module({
  providers: [RateLimiter, OntraportHttpClient, OntraportIdsStore, RestGateway, LegacyGateway, Gateways, CommandRunner],
  exports: [Gateways, CommandRunner, OntraportIdsStore],
})
export class DeliveryModule {}
