import { Injectable } from '@nestjs/common';
import type { OntraportApiStyle } from '@hub/messaging-contracts';
import { LegacyGateway } from './legacy.gateway';
import type { OntraportGateway } from './ontraport-gateway';
import { RestGateway } from './rest.gateway';

/** The gateway for a command's API style (REST when the command does not say). */
@Injectable()
export class Gateways {
  constructor(
    readonly rest: RestGateway,
    readonly legacy: LegacyGateway,
  ) {}

  for(api: OntraportApiStyle | undefined): OntraportGateway {
    return api === 'legacy' ? this.legacy : this.rest;
  }
}
