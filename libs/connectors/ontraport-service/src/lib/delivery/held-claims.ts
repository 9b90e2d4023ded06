import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClaimHold } from '@hub/persistence';

/** The claims the running work holds (a command, and the locks it took under it). */
const held = new AsyncLocalStorage<readonly ClaimHold[]>();

/** Runs `work` with `hold` among the claims every ONTRAPORT request of it checks first. */
export function whileHeld<T>(hold: ClaimHold, work: () => Promise<T>): Promise<T> {
  return held.run([...(held.getStore() ?? []), hold], work);
}

/**
 * Throws `ClaimLost` when a claim the running work holds was taken over by another replica (this
 * one stalled past its lease): the request is not sent. Outside any claim (credential tests), nothing.
 */
export async function ensureClaimsHeld(): Promise<void> {
  for (const hold of held.getStore() ?? []) await hold.ensure();
}
