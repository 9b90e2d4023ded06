import { Injectable } from '@nestjs/common';
import { classifyResponse, pauseFromAnswer, readRateHeaders } from '@hub/ontraport-core';
import { TransmissionRecorder } from '@hub/messaging-nest';
import { loadConfig, PermanentError, TransientError } from '@hub/platform';
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
export class OntraportHttpClient {
  private readonly config = loadConfig(OntraportConfig);

  constructor(
    private readonly recorder: TransmissionRecorder,
    private readonly limiter: RateLimiter,
  ) {}

  /** @param opts.maxRateWaitMs how long the caller may wait for the account's window (default: as long as it takes). */
  async send(creds: Credentials, call: HttpCall, ctx: CallContext, opts: { maxRateWaitMs?: number } = {}): Promise<HttpAnswer> {
    const url = new URL(call.path, this.config.ONTRAPORT_BASE_URL);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    for (let waits = 0; ; waits++) {
      const { slot, waitedMs } = await this.limiter.take(creds.appId, opts.maxRateWaitMs);
      const started = Date.now();
      let status: number | undefined;
      let text = '';
      let failure: Error | undefined;
      let pauseMs = 0;
      try {
        const res = await fetch(url, {
          method: call.method,
          headers: call.headers,
          body: call.body,
          signal: AbortSignal.timeout(this.config.ONTRAPORT_TIMEOUT_MS),
        });
        status = res.status;
        text = await res.text();
        pauseMs = pauseFromAnswer(res.status, readRateHeaders(res.headers));
        const verdict = classifyResponse(res.status, text, res.headers);
        if (verdict.kind === 'permanent') failure = new PermanentError(verdict.code, `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`);
        else if (verdict.kind === 'transient') failure = new TransientError(verdict.code, `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`);
        else if (verdict.kind === 'rate_limited')
          failure = new TransientError('ONTRAPORT_RATE_LIMITED', `ONTRAPORT ${call.method} ${call.path}: ${verdict.message}`, { resetSeconds: verdict.resetSeconds });
      } catch (err) {
        failure = new TransientError('ONTRAPORT_UNREACHABLE', `ONTRAPORT ${call.method} ${call.path}: ${describe(err)}`, undefined, { cause: err });
      }
      const limited = status === 429;
      // The window's bookkeeping and the transmission record are independent: one round trip, not two.
      await Promise.all([
        this.limiter.settle(slot).then(() => (pauseMs > 0 ? this.limiter.pause(creds.appId, pauseMs) : undefined)),
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
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ? `${e.message} (${e.cause.code})` : String(e?.message ?? err);
}
