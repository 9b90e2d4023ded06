import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { encodeMethodCall, type XmlRpcInput } from '@hub/codecs-xml-rpc';
import { outcomeOf, withoutSecrets, type CallOutcome, type Endpoint } from '@hub/infusionsoft-core';
import { TransmissionRecorder } from '@hub/messaging-nest';
import { loadConfig, PermanentError, TransientError } from '@hub/platform';
import { InfusionsoftConfig } from './infusionsoft.config';
import { CallRateLimiter } from './rate-limiter';

const MAX_THROTTLE_WAITS = 5;
const THROTTLE_WAIT_MS = 500;

export interface CallContext {
  merchantId: string;
  /** Transmission type shown in the log: order, shipment, abandoned-cart, affiliate, credentials… */
  type: string;
  description: string;
  orderId?: string;
  customerEmail?: string;
  attempt: number;
  callsPerSecond?: number;
  /** Credential tests are not recorded: the candidate key is the thing under test. */
  record?: boolean;
  /**
   * Where the publishes of this command's transmission records go instead of being awaited one by
   * one (each waits for the broker's confirm): the command awaits them all before it is acked.
   */
  pendingRecords?: Array<Promise<unknown>>;
  /**
   * Runs right before every send (after the rate-limit wait; a throttled call's sends again too) and
   * throws to stop it: a command's claim that another replica took over sends nothing more.
   */
  beforeSend?: () => Promise<void>;
}

/**
 * One Infusionsoft XML-RPC call: waits for the app's rate limit, sends it, records the exchange
 * as a transmission (XML with every secret stripped), and turns the answer into a value or an
 * error that says whether a retry can help (the codec's fault classification).
 */
@Injectable()
export class InfusionsoftXmlRpcClient implements OnApplicationShutdown {
  private readonly config = loadConfig(InfusionsoftConfig);
  /**
   * Keep-alive connections, and the timeout as undici's own: no connection, no answer (headers), or
   * no progress in the body, within INFUSIONSOFT_TIMEOUT_MS. `undici.request` rather than `fetch`:
   * no web streams and no AbortSignal per call (tools/bench/e2e/README.md: fetch was 20 % of this
   * connector's CPU, undici.request is 8 %).
   */
  private readonly agent = new Agent({
    connect: { timeout: this.config.INFUSIONSOFT_TIMEOUT_MS },
    headersTimeout: this.config.INFUSIONSOFT_TIMEOUT_MS,
    bodyTimeout: this.config.INFUSIONSOFT_TIMEOUT_MS,
  });

  constructor(
    private readonly recorder: TransmissionRecorder,
    private readonly limiter: CallRateLimiter,
  ) {}

  get defaults() {
    return { legacyUrlTemplate: this.config.INFUSIONSOFT_LEGACY_URL, oauthUrl: this.config.INFUSIONSOFT_OAUTH_URL };
  }

  /** The raw outcome, never thrown (the credential test reads it); only `ctx.beforeSend` may refuse the send. */
  async exchange(endpoint: Endpoint, method: string, params: XmlRpcInput[], ctx: CallContext): Promise<CallOutcome> {
    await this.limiter.acquire(endpoint.rateKey, ctx.callsPerSecond ?? this.config.INFUSIONSOFT_CALLS_PER_SECOND);
    // As late as can be: a stall before this point (the rate-limit wait included) is caught here.
    await ctx.beforeSend?.();
    const body = encodeMethodCall(method, [endpoint.keyParam, ...params]);
    const started = Date.now();
    let status: number | undefined;
    let text = '';
    let outcome: CallOutcome;
    try {
      const res = await request(endpoint.url, { method: 'POST', headers: endpoint.headers, body, dispatcher: this.agent });
      status = res.statusCode;
      text = await res.body.text();
      outcome = outcomeOf(status, text);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const cause = code?.startsWith('UND_ERR_') && code.endsWith('_TIMEOUT') ? `timed out after ${this.config.INFUSIONSOFT_TIMEOUT_MS} ms` : code;
      // No such host: the app name is wrong (APPNAME.infusionsoft.com does not exist).
      outcome =
        cause === 'ENOTFOUND'
          ? { ok: false, retryable: false, code: 'INFUSIONSOFT_UNKNOWN_APP', message: `Infusionsoft has no application at ${new URL(endpoint.url).host}: check the app name` }
          : { ok: false, retryable: true, code: 'INFUSIONSOFT_UNREACHABLE', message: `Infusionsoft could not be reached: ${cause ?? (err as Error).message}` };
    }
    if (ctx.record !== false) {
      const recorded = this.recorder.record({
        merchantId: ctx.merchantId,
        integration: 'infusionsoft',
        direction: 'outbound',
        type: ctx.type,
        status: outcome.ok ? 'succeeded' : outcome.retryable ? 'retrying' : 'failed',
        description: outcome.ok ? `${method}: ${ctx.description}` : `${method}: ${ctx.description}: ${outcome.message}`,
        orderId: ctx.orderId,
        customerEmail: ctx.customerEmail,
        method: 'POST',
        url: withoutSecrets(endpoint.url, endpoint.secrets),
        requestBody: withoutSecrets(body, endpoint.secrets),
        responseBody: text ? withoutSecrets(text, endpoint.secrets) : undefined,
        httpStatus: status,
        durationMs: Date.now() - started,
        attempt: ctx.attempt,
      });
      if (ctx.pendingRecords) {
        // Awaited (and its failure reported) by the command at the end; until then a publish that
        // fails — the broker connection dropped mid-cascade — must not count as unhandled, which
        // would take the whole process down.
        recorded.catch(() => undefined);
        ctx.pendingRecords.push(recorded);
      } else await recorded;
    }
    return outcome;
  }

  async call<T>(endpoint: Endpoint, method: string, params: XmlRpcInput[], ctx: CallContext): Promise<T> {
    let outcome = await this.exchange(endpoint, method, params, ctx);
    // A throttled call was refused, not run: waiting and sending it again is safe and spends no attempt.
    for (let wait = 1; !outcome.ok && outcome.fault?.kind === 'throttled' && wait <= MAX_THROTTLE_WAITS; wait++) {
      await new Promise((r) => setTimeout(r, wait * THROTTLE_WAIT_MS));
      outcome = await this.exchange(endpoint, method, params, ctx);
    }
    if (outcome.ok) return outcome.value as T;
    const message = `${method}: ${outcome.message}`;
    throw outcome.retryable ? new TransientError(outcome.code, message) : new PermanentError(outcome.code, message);
  }

  /** After the broker connection closed (MessagingModule): no handler calls any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}
