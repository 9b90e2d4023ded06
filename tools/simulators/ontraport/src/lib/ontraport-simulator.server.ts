import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MAX_BODY_BYTES, readBody } from './http-body.reader';
import { NOT_AUTHENTICATED } from './ontraport-api.error';
import { LEGACY_NOT_AUTHENTICATED, LEGACY_PATHS, handleLegacyRequest, legacyCredentials, legacyFailure } from './legacy-api.handler';
import { type ApiReply, routeApiRequest } from './ontraport-api.router';
import { MAX_LOGGED_REQUESTS, OntraportAccountStore } from './ontraport-store';
import type {
  OntraportSimulator,
  OntraportSimulatorOptions,
  SimRequestRecord,
  SimulatorConfig,
  SimulatorState,
  SimulatorSwitches,
} from './ontraport-simulator.types';
import { type RateDecision, RateWindow } from './rate-window';
import { type RandomSource, seededRandom } from './seeded-random';
import {
  DEFAULT_ACCOUNT,
  DEFAULT_SWITCHES,
  SimulatorConfigError,
  validateAccount,
  validateSwitches,
} from './simulator-switches';

const FIRST_ACCOUNT_ID = 50;
const SIM_PREFIX = '/__sim';
const MASKED_HEADERS = new Set(['api-key', 'authorization']);
export const INJECTED_FAILURE = 'Internal Server Error';
export const BODY_TOO_LARGE = 'Request Entity Too Large';

type Reply = ApiReply & { headers?: Record<string, string> };
const XML = { 'Content-Type': 'text/xml; charset=utf-8' };

function sameSecret(a: string, b: string): boolean {
  // Hash first so timingSafeEqual gets equal lengths and the comparison time says nothing.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function maskedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = MASKED_HEADERS.has(name) ? '***' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function rateHeaders(decision: RateDecision): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(decision.limit),
    'X-Rate-Limit-Remaining': String(decision.remaining),
    'X-Rate-Limit-Reset': String(decision.resetSeconds),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const body = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
  res.writeHead(reply.status, {
    'Content-Type': reply.kind === 'json' ? 'application/json' : 'text/plain; charset=utf-8',
    ...reply.headers,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

const json = (status: number, body: unknown): Reply => ({ status, kind: 'json', body });
const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({
  status,
  kind: 'text',
  body,
  headers,
});

/** The state and behaviour behind one simulator server; the HTTP plumbing stays in `handle`. */
class OntraportSimulatorRuntime {
  private config: SimulatorConfig;
  private readonly accounts = new Map<string, OntraportAccountStore>();
  private unauthenticated: SimRequestRecord[] = [];
  private readonly rateWindow: RateWindow;
  private random: RandomSource;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(options: OntraportSimulatorOptions) {
    const switches = { ...DEFAULT_SWITCHES, ...validateSwitches(pickSwitches(options)) };
    if (options.seed !== undefined && !Number.isFinite(options.seed))
      throw new SimulatorConfigError('seed must be a number');
    this.config = { ...switches, seed: options.seed ?? null };
    this.rateWindow = new RateWindow(switches.rateLimit, switches.rateWindowMs);
    this.random = this.freshRandom();
    for (const account of options.accounts ?? [DEFAULT_ACCOUNT]) this.addAccount(account);
  }

  state(): SimulatorState {
    const accounts: SimulatorState['accounts'] = {};
    for (const [appId, store] of this.accounts) accounts[appId] = store.snapshot();
    return { config: { ...this.config }, accounts, unauthenticated: structuredClone(this.unauthenticated) };
  }

  reset(): void {
    for (const store of this.accounts.values()) store.reset();
    this.unauthenticated = [];
    this.rateWindow.clear();
    this.random = this.freshRandom();
  }

  /** `patch` comes from code or from a POST /__sim/config body, so it is checked here. */
  configure(patch: unknown): void {
    this.config = { ...this.config, ...validateSwitches(patch) };
    this.rateWindow.configure(this.config.rateLimit, this.config.rateWindowMs);
  }

  /** A known app id gets its key (and account id, if given) replaced; its data is kept. */
  addAccount(input: unknown): OntraportAccountStore {
    const account = validateAccount(input);
    const existing = this.accounts.get(account.appId);
    if (existing) {
      existing.apiKey = account.apiKey;
      if (account.accountId !== undefined) existing.accountId = account.accountId;
      return existing;
    }
    const used = new Set([...this.accounts.values()].map((a) => a.accountId));
    let accountId = account.accountId ?? FIRST_ACCOUNT_ID;
    while (account.accountId === undefined && used.has(accountId)) accountId += 1;
    const store = new OntraportAccountStore(account.appId, account.apiKey, accountId);
    this.accounts.set(account.appId, store);
    return store;
  }

  shutdown(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    if (url.pathname === SIM_PREFIX || url.pathname.startsWith(`${SIM_PREFIX}/`)) {
      const body = await readBody(req);
      send(res, this.control(req.method ?? 'GET', url.pathname, body.text, body.tooLarge));
      return;
    }
    await this.api(req, res, url);
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const received = Date.now();
    const body = await readBody(req);
    const record: SimRequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: maskedHeaders(req.headers),
      // The legacy API carries the key in the form body: masked like the REST Api-Key header.
      body: body.tooLarge ? `[${body.bytes} bytes not kept: over the ${MAX_BODY_BYTES}-byte limit]` : body.text.replace(/(^|&)(key)=[^&]*/gi, '$1$2=***'),
      status: null,
      time: new Date(received).toISOString(),
    };
    const legacy = req.method === 'POST' && (url.pathname === LEGACY_PATHS.products || url.pathname === LEGACY_PATHS.contacts);
    const account = legacy ? this.authenticateLegacy(body.text) : this.authenticate(req.headers);
    if (account) {
      account.logRequest(record);
      account.counters.requests += 1;
    } else {
      this.unauthenticated.push(record);
      if (this.unauthenticated.length > MAX_LOGGED_REQUESTS) this.unauthenticated.shift();
    }
    await this.delay(this.config.latencyMs);
    if (this.closed) return;
    const answer = (reply: Reply): void => {
      record.status = reply.status;
      send(res, reply);
    };

    if (body.tooLarge) return answer(text(413, BODY_TOO_LARGE));
    if (!account) {
      if (!legacy) return answer(text(401, NOT_AUTHENTICATED));
      const failure = legacyFailure(LEGACY_NOT_AUTHENTICATED);
      return answer({ status: failure.status, kind: 'text', body: failure.body, headers: XML });
    }

    const decision = this.rateWindow.hit(account.appId);
    const headers = rateHeaders(decision);
    if (!decision.allowed) {
      account.counters.rateLimited += 1;
      return answer(
        text(
          429,
          `Too Many Requests - You have exceeded your maximum rate limit of ${decision.limit} requests per minute.`,
          headers,
        ),
      );
    }

    const { dropPercent, failPercent, lostPercent } = this.config;
    let loseAnswer = false;
    if (dropPercent > 0 || failPercent > 0 || lostPercent > 0) {
      // One draw per request decides every fault, so a seed replays the same sequence.
      const roll = this.random() * 100;
      if (roll < dropPercent) {
        account.counters.dropped += 1;
        req.socket.destroy();
        return;
      }
      if (roll < dropPercent + failPercent) {
        account.counters.failedInjected += 1;
        return answer(text(500, INJECTED_FAILURE, headers));
      }
      loseAnswer = roll < dropPercent + failPercent + lostPercent;
    }
    // The request takes effect; the answer is dropped on its way back (record.status stays null).
    const deliver = (reply: Reply): void => {
      if (!loseAnswer) return answer(reply);
      account.counters.lostResponses += 1;
      req.socket.destroy();
    };

    let reply: Reply;
    try {
      if (legacy) {
        const result = handleLegacyRequest(url.pathname, account, body.text, received);
        return deliver({ status: result.status, kind: 'text', body: result.body, headers: { ...headers, ...XML } });
      }
      reply = routeApiRequest({
        store: account,
        method: record.method,
        path: url.pathname,
        query: url.searchParams,
        body: body.text,
        contentType: header(req.headers, 'content-type') ?? '',
        now: received,
      });
    } catch (error) {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'simulator bug', error: String(error) })}\n`);
      reply = text(500, INJECTED_FAILURE);
    }
    deliver({ ...reply, headers });
  }

  private control(method: string, path: string, body: string, tooLarge: boolean): Reply {
    const route = `${method} ${path.slice(SIM_PREFIX.length)}`;
    if (tooLarge) return json(413, { error: BODY_TOO_LARGE });
    try {
      switch (route) {
        case 'GET /health':
          return json(200, { status: 'ok' });
        case 'GET /state':
          return json(200, this.state());
        case 'POST /reset':
          this.reset();
          return json(200, { status: 'reset' });
        case 'POST /config':
          this.configure(parseControlJson(body));
          return json(200, { config: this.config });
        case 'POST /accounts': {
          const store = this.addAccount(parseControlJson(body));
          return json(201, { appId: store.appId, accountId: store.accountId });
        }
        default:
          return json(404, { error: `no simulator endpoint ${route}` });
      }
    } catch (error) {
      if (error instanceof SimulatorConfigError) return json(400, { error: error.message });
      throw error;
    }
  }

  /** The legacy API takes the App ID and key as form fields (`appid`/`key`, any case). */
  private authenticateLegacy(body: string): OntraportAccountStore | undefined {
    const creds = legacyCredentials(body);
    if (!creds) return undefined;
    const account = this.accounts.get(creds.appId);
    return account && sameSecret(account.apiKey, creds.key) ? account : undefined;
  }

  private authenticate(headers: IncomingHttpHeaders): OntraportAccountStore | undefined {
    const appId = header(headers, 'api-appid');
    const apiKey = header(headers, 'api-key');
    if (!appId || !apiKey) return undefined;
    const account = this.accounts.get(appId);
    return account && sameSecret(account.apiKey, apiKey) ? account : undefined;
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private freshRandom(): RandomSource {
    return this.config.seed === null ? Math.random : seededRandom(this.config.seed);
  }
}

function pickSwitches(options: OntraportSimulatorOptions): Partial<SimulatorSwitches> {
  const { rateLimit, rateWindowMs, latencyMs, failPercent, dropPercent, lostPercent } = options;
  return { rateLimit, rateWindowMs, latencyMs, failPercent, dropPercent, lostPercent };
}

function parseControlJson(body: string): unknown {
  try {
    return JSON.parse(body === '' ? '{}' : body);
  } catch {
    throw new SimulatorConfigError('body must be JSON');
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Starts an ONTRAPORT REST v1 simulator on a real HTTP port (0 = ephemeral). */
export async function startOntraportSimulator(opts: OntraportSimulatorOptions = {}): Promise<OntraportSimulator> {
  const runtime = new OntraportSimulatorRuntime(opts);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    runtime.handle(req, res).catch((error: unknown) => {
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'simulator bug', error: String(error) })}\n`);
      send(res, text(500, INJECTED_FAILURE));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const host = opts.host ?? '127.0.0.1';
  const address = await listen(server, opts.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        runtime.shutdown();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
    state: () => runtime.state(),
    reset: () => runtime.reset(),
    configure: (patch) => runtime.configure(patch),
    addAccount: (account) => {
      runtime.addAccount(account);
    },
  };
}
