import { apiTokenDigest, looksLikeApiToken, newApiToken } from './api-token';

describe('api tokens', () => {
  it('are random, recognisable and digest to 32 bytes', () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a).not.toBe(b);
    expect(looksLikeApiToken(a)).toBe(true);
    expect(looksLikeApiToken('hubt_short')).toBe(false);
    expect(apiTokenDigest(a)).toHaveLength(32);
    expect(apiTokenDigest(a).equals(apiTokenDigest(a))).toBe(true);
  });
});
