export interface RetryPolicy {
  /** Deliveries to the handler before the message is parked (the first try counts). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** ±fraction of the delay added at random so retries of a burst do not arrive together. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 600_000, jitter: 0.2 };

/**
 * Exponential backoff tier for the n-th failure (1-based). Each tier is its own delay queue, so
 * messages in one queue share a base delay and jitter bounds how long one can wait behind another.
 */
export function backoffTier(policy: RetryPolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

export function jittered(policy: RetryPolicy, tierMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(tierMs * (1 + policy.jitter * (2 * random() - 1))));
}

/** Every tier the policy can produce: the delay queues a consumer declares up front. */
export function allTiers(policy: RetryPolicy): number[] {
  const tiers = new Set<number>();
  for (let f = 1; f < policy.maxAttempts; f++) tiers.add(backoffTier(policy, f));
  return [...tiers];
}
