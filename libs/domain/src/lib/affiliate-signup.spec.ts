import { affiliateSignedUp } from './affiliate-signup';
import { changeMarker, dedupeKey } from './dedupe-key';

describe('affiliate sign-up', () => {
  it('is one event per affiliate and approval', () => {
    const signup = { merchantId: 'DEMO', affiliateId: '1234', email: ' Pat@Example.com', firstName: 'Pat', approved: false };
    const first = affiliateSignedUp(signup);
    expect(first).toMatchObject({ type: 'affiliate.signed-up', retention: 'redelivery', payload: { ...signup, email: 'pat@example.com' } });
    expect(first.dedupeKey).toMatch(/^DEMO:affiliate\.signed-up:1234:[0-9a-f]{16}$/);
    expect(affiliateSignedUp(signup).dedupeKey).toBe(first.dedupeKey);
    expect(affiliateSignedUp({ ...signup, approved: true }).dedupeKey).not.toBe(first.dedupeKey);
  });
});

describe('dedupe keys', () => {
  it('are readable up to the marker, and markers follow the state', () => {
    expect(dedupeKey('M', 'order.deleted', 'O-1')).toBe('M:order.deleted:O-1');
    expect(dedupeKey('M', 'item.upserted', 'X', 'abc')).toBe('M:item.upserted:X:abc');
    expect(changeMarker([1, 'a'])).toBe(changeMarker([1, 'a']));
    expect(changeMarker([1, 'a'])).not.toBe(changeMarker([1, 'b']));
  });
});
