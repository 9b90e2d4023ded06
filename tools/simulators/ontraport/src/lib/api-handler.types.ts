import type { ApiParams } from './api-params';
import type { OntraportAccountStore } from './ontraport-store';

export interface ApiContext {
  store: OntraportAccountStore;
  params: ApiParams;
  /** Epoch milliseconds of the request. */
  now: number;
}

/** What a handler produces; the router wraps it in `{"code":0,"data":…,"account_id":N}`. */
export interface ApiSuccess {
  /** Omitted from the envelope when undefined (single deletes answer `{"code":0,"account_id":N}`). */
  data?: unknown;
  /** Collection responses also carry `"misc":[]`. */
  list?: boolean;
}

/** Handlers throw OntraportApiError for refusals. */
export type ApiHandler = (ctx: ApiContext) => ApiSuccess;

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
