export interface RetryPolicy {
  /** Deliveries to the handler before the message is parked (the first try counts). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** ±fraction of the delay added at random so retries of a burst do not arrive together. */
  jitter: number;
  /**
   * How long a message is retried through an outage (outageOf: a database unreachable, a service of
   * the hub not answering an RPC), counted from its first failure of that kind. Those retries use no
   * attempt: the message is not at fault.
   */
  outageMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 600_000, jitter: 0.2, outageMaxMs: 86_400_000 };

/**
 * Exponential backoff tier for the n-th failure (1-based). Each tier is its own delay queue, so
 * messages in one queue share a base delay and jitter bounds how long one can wait behind another.
 */
export function backoffTier(policy: RetryPolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
}

/** The failures the tiers are declared for: one per retry, and at least one (outage retries need a tier). */
function lastTierFailure(policy: RetryPolicy): number {
  return Math.max(1, policy.maxAttempts - 1);
}

/**
 * The tier for the n-th retry through an outage: doubling as for failures, capped at the
 * largest tier the policy declares (with the defaults 256 s), so a message waits at most that long
 * after the database or service is back.
 */
export function outageTier(policy: RetryPolicy, outageRetries: number): number {
  return backoffTier(policy, Math.min(outageRetries, lastTierFailure(policy)));
}

export function jittered(policy: RetryPolicy, tierMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(tierMs * (1 + policy.jitter * (2 * random() - 1))));
}

/** Every tier the policy can produce: the delay queues a consumer declares up front. */
export function allTiers(policy: RetryPolicy): number[] {
  const tiers = new Set<number>();
  for (let f = 1; f <= lastTierFailure(policy); f++) tiers.add(backoffTier(policy, f));
  return [...tiers];
}
