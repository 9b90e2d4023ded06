/** How many claims one process remembers to give back; past it the oldest is left to its lease. */
const MAX_REMEMBERED = 10_000;

/**
 * Claims this process failed to give back after a failed attempt: the release is a database write,
 * and when the failure was the database going away, the release fails too. The claim then stood
 * until its lease ran out (30 s by default), and the command's retries, here or on another replica,
 * waited for it (COMMAND_IN_PROGRESS) long after the database was back. Remembered here, the
 * release is made again first thing when this process sees the command again (`settle`, before it
 * claims), with the progress the failed attempt made. A release is fenced by the claim's token: one
 * made after another replica took the claim over changes nothing. Forgetting one (the process
 * restarts, or more than MAX_REMEMBERED pile up) only means waiting for its lease, as before.
 */
export class UnreleasedClaims {
  private readonly pending = new Map<string, () => Promise<unknown>>();

  /** Runs `release` (gives the claim on `key` back); when it fails (the database away), remembers it for `settle` and resolves undefined. */
  async giveBack<T>(key: string, release: () => Promise<T>): Promise<T | undefined> {
    try {
      return await release();
    } catch {
      this.remember(key, release);
      return undefined;
    }
  }

  private remember(key: string, release: () => Promise<unknown>): void {
    this.pending.delete(key);
    this.pending.set(key, release);
    if (this.pending.size > MAX_REMEMBERED) this.pending.delete(this.pending.keys().next().value as string);
  }

  /** Gives back the claim on `key` an earlier attempt could not; rejects (the database still away) when it cannot, and keeps it. */
  async settle(key: string): Promise<void> {
    const release = this.pending.get(key);
    if (!release) return;
    await release();
    if (this.pending.get(key) === release) this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }
}
