import { Injectable } from '@nestjs/common';
import { IsInt, IsUrl, Min } from 'class-validator';
import { classifyResponse } from '@hub/ontraport-core';
import { TransmissionRecorder } from '@hub/messaging-nest';
import { loadConfig, PermanentError, TransientError } from '@hub/platform';

export class OntraportConfig {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ONTRAPORT_BASE_URL: string = 'https://api.ontraport.com';

  @IsInt() @Min(100)
  ONTRAPORT_TIMEOUT_MS: number = 15_000;
}

export interface Credentials {
  appId: string;
  apiKey: string;
}

export interface CallContext {
  merchantId: string;
  /** Transmission type shown in the log: contact, product, sale… */
  type: string;
  description: string;
  orderId?: string;
  customerEmail?: string;
  attempt: number;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

/**
 * One ONTRAPORT REST call: sends it, records it as a transmission (redacted), and turns the
 * answer into data or into an error that says whether a retry can help.
 */
@Injectable()
export class OntraportRestClient {
  private readonly config = loadConfig(OntraportConfig);

  constructor(private readonly recorder: TransmissionRecorder) {}

  async call<T = unknown>(creds: Credentials, req: ApiRequest, ctx: CallContext): Promise<T> {
    const url = new URL(`/1/${req.path}`, this.config.ONTRAPORT_BASE_URL);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const body = req.form ? new URLSearchParams(req.form).toString() : req.json !== undefined ? JSON.stringify(req.json) : undefined;
    const headers: Record<string, string> = { 'Api-Appid': creds.appId, 'Api-Key': creds.apiKey, Accept: 'application/json' };
    if (req.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    else if (body !== undefined) headers['Content-Type'] = 'application/json';

    const started = Date.now();
    let status: number | undefined;
    let text = '';
    let outcome: Error | undefined;
    let parsed: T | undefined;
    try {
      const res = await fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(this.config.ONTRAPORT_TIMEOUT_MS) });
      status = res.status;
      text = await res.text();
      const verdict = classifyResponse(res.status, text, res.headers);
      if (verdict.kind === 'ok') parsed = JSON.parse(text) as T;
      else if (verdict.kind === 'permanent') outcome = new PermanentError(verdict.code, `ONTRAPORT ${req.method} /1/${req.path}: ${verdict.message}`);
      else if (verdict.kind === 'rate_limited') outcome = new TransientError('ONTRAPORT_RATE_LIMITED', verdict.message, { resetSeconds: verdict.resetSeconds });
      else outcome = new TransientError(verdict.code, `ONTRAPORT ${req.method} /1/${req.path}: ${verdict.message}`);
    } catch (err) {
      outcome =
        err instanceof SyntaxError
          ? new TransientError('ONTRAPORT_BAD_RESPONSE', `ONTRAPORT answered ${status} with a body that is not JSON`)
          : new TransientError('ONTRAPORT_UNREACHABLE', `ONTRAPORT ${req.method} /1/${req.path}: ${(err as Error).message}`, undefined, { cause: err });
    }
    await this.recorder.record({
      merchantId: ctx.merchantId,
      integration: 'ontraport',
      direction: 'outbound',
      type: ctx.type,
      status: outcome ? (outcome instanceof PermanentError ? 'failed' : 'retrying') : 'succeeded',
      description: outcome ? `${ctx.description}: ${outcome.message}` : ctx.description,
      orderId: ctx.orderId,
      customerEmail: ctx.customerEmail,
      method: req.method,
      url: url.toString(),
      requestBody: body,
      responseBody: text || undefined,
      httpStatus: status,
      durationMs: Date.now() - started,
      attempt: ctx.attempt,
    });
    if (outcome) throw outcome;
    return parsed as T;
  }
}
