import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { classifyResponse, pauseFromAnswer, readRateHeaders } from '@hub/ontraport-core';
import { TransmissionRecorder } from '@hub/messaging-nest';
import { loadConfig, PermanentError, TransientError } from '@hub/platform';
import { ensureClaimsHeld } from './held-claims';
import { OntraportConfig } from './ontraport.config';
import { RateLimiter } from './rate-limiter';

export interface Credentials {
  appId: string;
  apiKey: string;
}

export interface CallContext {
  merchantId: string;
  /** Transmission type shown in the log: contact, product, sale, refund… */
  type: string;
  description: string;
  orderId?: string;
  customerEmail?: string;
  attempt: number;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/1/...` for REST, `/pdata.php` / `/cdata.php` for the legacy API. */
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * Every ONTRAPORT request of the connector, whatever the API style, goes through `send`: it waits
 * for a slot of the account's shared window (a wait, not an attempt), sends with a timeout,
 * honours 429 and the X-Rate-Limit-* headers, records the exchange as a transmission (redacted:
 * the key travels in a header or, for the legacy API, in the form body), and turns transport and
 * status failures into retry-or-park errors. 2xx answers come back for the caller to read.
 */
@Injectable()
export class OntraportHttpClient implements OnApplicationShutdown {
  private readonly config = loadConfig(OntraportConfig);
  /**
   * Keep-alive connections, and the timeout as undici's own: no connection, no answer (headers), or
   * no progress in the body, within ONTRAPORT_TIMEOUT_MS (the rate window's in-flight allowance
   * counts on the first two). `undici.request` rather than `fetch`: no web streams, no per-request
   * AbortSignal (tools/bench/e2e/README.md: fetch was 18 % of this connector's CPU, undici 6 %).
   */
  private readonly agent = new Agent({
    connect: { timeout: this.config.ONTRAPORT_TIMEOUT_MS },
    headersTimeout: this.config.ONTRAPORT_TIMEOUT_MS,
    bodyTimeout: this.config.ONTRAPORT_TIMEOUT_MS,
  });

  constructor(
    private readonly recorder: TransmissionRecorder,
    private readonly limiter: RateLimiter,
  ) {}

  /** @param opts.maxRateWaitMs how long the caller may wait for the account's window (default: as long as it takes). */
  async send(creds: Credentials, call: HttpCall, ctx: CallContext, opts: { maxRateWaitMs?: number } = {}): Promise<HttpAnswer> {
    const url = new URL(call.path, this.config.ONTRAPORT_BASE_URL);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    for (let waits = 0; ; waits++) {
      const { slot, waitedMs, settle } = await this.limiter.take(creds.appId, opts.maxRateWaitMs);
      // As late as can be (a stall in the rate-window wait included): a command (or lock) this
      // replica lost to another sends nothing more. The slot stays counted as in flight, as a
      // request that may have reached ONTRAPORT would: never behind ONTRAPORT's window.
      await ensureClaimsHeld();
      const started = Date.now();
      let status: number | undefined;
      let text = '';
      let failure: Error | undefined;
      let pauseMs = 0;
      try {
        const res = await request(url, { method: call.method, headers: call.headers, body: call.body, dispatcher: this.agent });
        status = res.statusCode;
        text = await res.body.text();
        const headers = headerReader(res.headers);
        pauseMs = pauseFromAnswer(status, readRateHeaders(headers));
        const verdict = classifyResponse(status, text, headers);
        if (verdict.kind === 'permanent') failure = new PermanentError(verdict.code, `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`);
        else if (verdict.kind === 'transient') failure = new TransientError(verdict.code, `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`);
        else if (verdict.kind === 'rate_limited')
          failure = new TransientError('ONTRAPORT_RATE_LIMITED', `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`, { resetSeconds: verdict.resetSeconds });
      } catch (err) {
        // ONTRAPORT's (upstream): its refused connection is not taken for our database's, and uses an attempt.
        failure = new TransientError('ONTRAPORT_UNREACHABLE', `ONTRAPORT ${call.method} ${call.path}: ${describe(err)}`, { upstream: 'ONTRAPORT' }, { cause: err });
      }
      const limited = status === 429;
      // Near the limit, or told to hold off, the slot is re-timed to the answer; far from it, it stays counted as in flight.
      const bookkeeping = settle || pauseMs > 0 ? this.limiter.settle(slot).then(() => (pauseMs > 0 ? this.limiter.pause(creds.appId, pauseMs) : undefined)) : undefined;
      // The window's bookkeeping and the transmission record are independent: one round trip, not two.
      await Promise.all([
        bookkeeping,
        this.recordCall(call, ctx, {
          url,
          status,
          text,
          failure,
          limited,
          pauseMs,
          waitedMs,
          started,
        }),
      ]);
      // A 429 is ONTRAPORT's rate window, not a fault: wait it out (the pause is shared) and send again.
      if (limited && opts.maxRateWaitMs === undefined && waits + 1 < this.config.ONTRAPORT_MAX_RATE_WAITS) continue;
      if (failure) throw failure;
      return { status: status ?? 0, text };
    }
  }

  private recordCall(
    call: HttpCall,
    ctx: CallContext,
    r: {
      url: URL;
      status?: number;
      text: string;
      failure?: Error;
      limited: boolean;
      pauseMs: number;
      waitedMs: number;
      started: number;
    },
  ): Promise<string> {
    const { url, status, text, failure, limited, pauseMs, waitedMs, started } = r;
    return this.recorder.record({
      merchantId: ctx.merchantId,
      integration: 'ontraport',
      direction: 'outbound',
      type: ctx.type,
      status: failure ? (failure instanceof PermanentError ? 'failed' : 'retrying') : 'succeeded',
      description: [
        ctx.description,
        waitedMs ? `(waited ${waitedMs} ms for the account's rate window)` : '',
        failure ? `: ${failure.message}` : '',
        limited ? ` — waiting ${pauseMs} ms and sending again (no retry attempt spent)` : '',
      ]
        .filter(Boolean)
        .join(' '),
      orderId: ctx.orderId,
      customerEmail: ctx.customerEmail,
      method: call.method,
      url: url.toString(),
      requestBody: call.body,
      responseBody: text || undefined,
      httpStatus: status,
      durationMs: Date.now() - started,
      attempt: ctx.attempt,
    });
  }

  /** After the broker connection closed (MessagingModule): no handler sends any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

/** undici's header record (lower-case names) read the way fetch's `Headers` is. */
function headerReader(headers: Record<string, string | string[] | undefined>): { get(name: string): string | null } {
  return {
    get: (name) => {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

function describe(err: unknown): string {
  const e = err as Error & { code?: string };
  // UND_ERR_CONNECT_TIMEOUT, UND_ERR_HEADERS_TIMEOUT, UND_ERR_BODY_TIMEOUT.
  if (e?.code?.startsWith('UND_ERR_') && e.code.endsWith('_TIMEOUT')) return 'timed out';
  return e?.code && !e.message?.includes(e.code) ? `${e.message} (${e.code})` : String(e?.message ?? err);
}
