import { allTiers, backoffTier, jittered, outageTier, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2, outageMaxMs: 60_000 };

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

  it('keeps outage retries on declared tiers, however many there are', () => {
    const short: RetryPolicy = { ...policy, maxAttempts: 3, maxDelayMs: 600_000 };
    expect(allTiers(short)).toEqual([100, 200]);
    expect([1, 2, 3, 50].map((n) => outageTier(short, n))).toEqual([100, 200, 200, 200]);
    // One attempt only: no retry tier for failures, but outage retries still need one.
    expect(allTiers({ ...policy, maxAttempts: 1 })).toEqual([100]);
    expect(outageTier({ ...policy, maxAttempts: 1 }, 7)).toBe(100);
  });
});
