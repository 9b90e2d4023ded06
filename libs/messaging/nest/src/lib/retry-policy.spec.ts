import { allTiers, backoffTier, jittered, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2 };

describe('retry policy', () => {
  it('doubles the delay per failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((f) => backoffTier(policy, f))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters within ±20%', () => {
    expect(jittered(policy, 1000, () => 0)).toBe(800);
    expect(jittered(policy, 1000, () => 1)).toBe(1200);
    expect(jittered(policy, 1000, () => 0.5)).toBe(1000);
  });

  it('declares one delay queue per distinct tier', () => {
    expect(allTiers(policy)).toEqual([100, 200, 400, 800, 1000]);
  });
});
