/**
 * Runs `work` while renewing a claim row every third of its lease. A live holder keeps its claim
 * however long the work takes; a holder that dies (kill -9, a lost host) stops renewing, so its
 * claim expires within one lease and another replica takes the work over — instead of waiting
 * for a worst-case TTL sized for the slowest delivery. Renewal failures (the database restarting)
 * are ignored here: the work's own queries fail and give the claim back, or the lease runs out.
 */
export async function withClaimLease<T>(leaseMs: number, renew: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
