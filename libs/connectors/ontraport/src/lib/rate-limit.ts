/** ONTRAPORT's limit: 180 requests per rolling minute per account (reference A.2), whatever the API style. */
export const ONTRAPORT_RATE_LIMIT = 180;
export const ONTRAPORT_RATE_WINDOW_MS = 60_000;

export interface RateHeaders {
  limit?: number;
  remaining?: number;
  /** Seconds until the oldest request in the window leaves it. */
  resetSeconds?: number;
}

/** `X-Rate-Limit-Limit`, `-Remaining`, `-Reset` (added 2017-12-22); absent or malformed → undefined. */
export function readRateHeaders(headers: { get(name: string): string | null }): RateHeaders {
  const num = (name: string): number | undefined => {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === '') return undefined;
    const n = Number(raw);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  return { limit: num('x-rate-limit-limit'), remaining: num('x-rate-limit-remaining'), resetSeconds: num('x-rate-limit-reset') };
}

/**
 * How long this account must pause before its next request, from what ONTRAPORT said. A 429 waits
 * its whole reset (60 s when absent, as the official SDK sleeps). A success that used the last slot
 * waits reset − 1 s: the header is whole seconds rounded up, so that much is certain and the shared
 * window covers the rest without overshooting. Zero otherwise.
 */
export function pauseFromAnswer(status: number, rate: RateHeaders): number {
  if (status === 429) return Math.max(1, rate.resetSeconds ?? 60) * 1000;
  if (rate.remaining === 0 && rate.resetSeconds !== undefined) return Math.max(0, rate.resetSeconds - 1) * 1000;
  return 0;
}
