import { TransientError } from '@hub/platform';

/**
 * A claim this process held was taken over by another (its lease ran out while this one stalled).
 * The holder of that claim stops without acting further; transient for any caller above it (a lock
 * lost under a command the caller still holds: the command is given back and retried).
 */
export class ClaimLost extends TransientError {
  constructor(readonly key: string) {
    super('CLAIM_LOST', `the claim on ${key} was taken over by another replica after its lease ran out`);
  }
}

/**
 * One process's claim on a row, held by an owner token (`renew` extends the lease only while the
 * row still carries this holder's token, and says whether it did). Renewed while the work runs
 * (`withClaimLease`), and checked with `ensure` before every outside call the claim guards. The
 * lease is known to hold until `heldUntil`, counted from before the claim or the last renewal was
 * sent, so never later than the database's own; once more than half of it went by without a
 * renewal (the process stalled: paused, starved, a call that hung), `ensure` renews first — which
 * checks the token — and a claim taken over meanwhile throws `ClaimLost`.
 */
export class ClaimHold {
  private lost = false;
  private heldUntil: number;

  /** @param claimedAt `Date.now()` from before the claim was sent. */
  constructor(
    readonly key: string,
    private readonly leaseMs: number,
    private readonly renewByToken: () => Promise<boolean>,
    claimedAt: number,
  ) {
    this.heldUntil = claimedAt + leaseMs;
  }

  get isLost(): boolean {
    return this.lost;
  }

  /** The holder found the row no longer carries its token (a fenced write changed nothing). */
  lose(): ClaimLost {
    this.lost = true;
    return new ClaimLost(this.key);
  }

  /** Extends the lease; a renewal that finds the claim taken over marks it lost. */
  async renew(): Promise<void> {
    if (this.lost) return;
    const sentAt = Date.now();
    if (await this.renewByToken()) this.heldUntil = Math.max(this.heldUntil, sentAt + this.leaseMs);
    else this.lost = true;
  }

  /** Throws `ClaimLost` unless the claim is still this holder's (asking the database only when the lease may have run out). */
  async ensure(): Promise<void> {
    if (!this.lost && Date.now() >= this.heldUntil - this.leaseMs / 2) await this.renew();
    if (this.lost) throw new ClaimLost(this.key);
  }
}
