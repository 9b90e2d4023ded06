import { AffiliateSignedUp, cartEvent, CartEventEmit } from './cart-events';
import { changeMarker, dedupeKey } from './dedupe-key';

/**
 * UltraCart's webhooks have no affiliate event, so sign-ups come to an endpoint of the hub's own.
 * The approval is part of the key: an affiliate signed up unapproved and approved later is two events.
 */
export function affiliateSignedUp(signup: AffiliateSignedUp): CartEventEmit<'affiliate.signed-up'> {
  const payload: AffiliateSignedUp = { ...signup, email: signup.email.trim().toLowerCase() };
  const marker = changeMarker([payload.approved, payload.email]);
  return cartEvent('affiliate.signed-up', dedupeKey(signup.merchantId, 'affiliate.signed-up', signup.affiliateId, marker), payload);
}
