import { Injectable } from '@nestjs/common';
import { affiliateSignedUp } from '@hub/domain';
import { CART_EVENT_ROUTING_KEYS } from '@hub/messaging-contracts';
import { AffiliateSignupRequest } from './affiliate-signup.request';
import { CartEventPublisher, EmitOutcome } from './cart-event-publisher.service';
import { InboundRecorder } from './inbound-recorder.service';

export interface AffiliateSignupReceipt {
  affiliateId: string;
  outcome: EmitOutcome;
}

/** Affiliate sign-ups, with the webhooks' guarantees: confirmed before 2xx, once per key, recorded. */
@Injectable()
export class AffiliateSignupsService {
  constructor(
    private readonly cartEvents: CartEventPublisher,
    private readonly inbound: InboundRecorder,
  ) {}

  async signUp(merchantId: string, signup: AffiliateSignupRequest, rawBody?: Buffer): Promise<AffiliateSignupReceipt> {
    const startedAt = Date.now();
    const emit = affiliateSignedUp({ ...signup, merchantId });
    const event = { ...emit, routingKey: CART_EVENT_ROUTING_KEYS[emit.type], content: Buffer.from(JSON.stringify(emit.payload)) };
    const [outcome] = await this.cartEvents.publishOnce([event], ([first]) =>
      this.inbound.record({
        merchantId,
        integration: 'affiliates',
        type: 'affiliate-signup',
        status: 'succeeded',
        description: `affiliate ${signup.affiliateId} signed up (${signup.approved ? 'approved' : 'not approved yet'}): ${first}`,
        customerEmail: emit.payload.email,
        requestBody: rawBody ?? signup,
        responseBody: { affiliateId: signup.affiliateId, outcome: first },
        httpStatus: 200,
        startedAt,
      }),
    );
    const receipt: AffiliateSignupReceipt = { affiliateId: signup.affiliateId, outcome };
    return receipt;
  }
}
