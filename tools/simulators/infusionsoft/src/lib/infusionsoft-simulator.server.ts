import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeMethodCall, encodeFault, encodeMethodResponse, isCodecError } from '@hub/codecs-xml-rpc';
import { FAULTS, SimFault } from './sim-fault';
import { runMethod, type SimApp } from './sim-methods';
import { SimTables } from './sim-tables';

export interface SimSwitches {
  /** Added before every XML-RPC answer. */
  latencyMs: number;
  /**
   * Share of calls (0–100) that fail transiently, in turn: the `IllegalStateException` fault, a
   * connection reset, and a blank 200 answer *after* the call took effect (a lost response).
   */
  failPercent: number;
  /** Share of calls answered with a blank body without taking effect. */
  blankPercent: number;
  /** Calls per second per app before `ThrottlingException` faults; 0 = no limit. */
  throttlePerSecond: number;
}

export interface SimAppInput {
  name: string;
  apiKey: string;
  accessToken?: string;
  serviceAccountKey?: string;
}

export interface InfusionsoftSimulatorOptions extends Partial<SimSwitches> {
  port?: number;
  host?: string;
  apps?: SimAppInput[];
  /** Makes injected failures repeatable. */
  seed?: number;
}

export interface SimCallStats {
  total: number;
  byMethod: Record<string, number>;
  injected: { fault: number; reset: number; lostResponse: number; blank: number; throttled: number };
}

export interface InfusionsoftSimulator {
  url: string;
  /** `http://host:port/apps/{app}/api/xmlrpc`: the legacy per-app endpoint, `{app}` left for the caller. */
  legacyUrlTemplate: string;
  /** `http://host:port/crm/xmlrpc/v1`: the OAuth / service-account endpoint. */
  oauthUrl: string;
  addApp(input: SimAppInput): SimApp;
  app(name: string): SimApp;
  configure(patch: Partial<SimSwitches>): SimSwitches;
  stats(): SimCallStats;
  reset(): void;
  close(): Promise<void>;
}

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };
const SWITCH_LIMITS: Record<keyof SimSwitches, [number, number]> = {
  latencyMs: [0, 600_000],
  failPercent: [0, 100],
  blankPercent: [0, 100],
  throttlePerSecond: [0, 1_000_000],
};
export const DEFAULT_APP: SimAppInput = { name: 'demo', apiKey: 'demo-api-key', accessToken: 'demo-access-token', serviceAccountKey: 'KeapAK-demo' };

export class SimConfigError extends Error {}

export function validateSwitches(patch: unknown): Partial<SimSwitches> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SimConfigError('switches must be a JSON object');
  const out: Partial<SimSwitches> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const limits = SWITCH_LIMITS[k as keyof SimSwitches];
    if (!limits) throw new SimConfigError(`unknown switch "${k}"`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < limits[0] || v > limits[1]) {
      throw new SimConfigError(`${k} must be a number between ${limits[0]} and ${limits[1]}`);
    }
    out[k as keyof SimSwitches] = v;
  }
  return out;
}

function newApp(input: SimAppInput): SimApp {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(input.name ?? '')) throw new SimConfigError('name must be an app name (letters, digits, dashes)');
  if (typeof input.apiKey !== 'string' || !input.apiKey) throw new SimConfigError('apiKey must be a non-empty string');
  return { ...input, tables: new SimTables(), actionSetRuns: [], goals: [] };
}

/** mulberry32: small, seedable, good enough to spread injected faults. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = XML): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A stateful Infusionsoft XML-RPC server (reference B.1–B.4) for local runs, tests and the
 * benchmark: one set of tables per application, the real endpoint and auth styles, the real fault
 * formats, and switches for latency, intermittent failures, blank answers and throttling.
 */
export async function startInfusionsoftSimulator(options: InfusionsoftSimulatorOptions = {}): Promise<InfusionsoftSimulator> {
  let switches: SimSwitches = { latencyMs: 0, failPercent: 0, blankPercent: 0, throttlePerSecond: 0, ...validateSwitches(stripNonSwitches(options)) };
  const apps = new Map<string, SimApp>();
  for (const a of options.apps ?? [DEFAULT_APP]) apps.set(a.name.toLowerCase(), newApp(a));
  const rand = random(options.seed ?? 42);
  let stats: SimCallStats = emptyStats();
  let failureTurn = 0;
  const windows = new Map<string, { second: number; calls: number }>();
  const sockets = new Set<Socket>();

  function throttled(app: SimApp): boolean {
    if (!switches.throttlePerSecond) return false;
    const second = Math.floor(Date.now() / 1000);
    const w = windows.get(app.name);
    if (!w || w.second !== second) {
      windows.set(app.name, { second, calls: 1 });
      return false;
    }
    w.calls++;
    return w.calls > switches.throttlePerSecond;
  }

  /** Which app a request is for, and whether its credentials are good (`undefined` → already answered). */
  function authenticate(req: IncomingMessage, url: URL, res: ServerResponse): { app: SimApp; checkKeyParam: boolean } | undefined {
    const legacy = /^\/apps\/([^/]+)\/api\/xmlrpc\/?$/.exec(url.pathname);
    const hostApp = url.pathname === '/api/xmlrpc' ? (req.headers.host ?? '').split('.')[0] : undefined;
    if (legacy || hostApp) {
      const app = apps.get(decodeURIComponent(legacy?.[1] ?? hostApp ?? '').toLowerCase());
      // A real unknown app name has no host at all; the nearest an HTTP server can say is 404.
      if (!app) return void reply(res, 404, '<html><body><h1>404 Not Found</h1>Unknown application</body></html>', { 'Content-Type': 'text/html' });
      return { app, checkKeyParam: true };
    }
    if (url.pathname.replace(/\/$/, '') === '/crm/xmlrpc/v1') {
      const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? url.searchParams.get('access_token') ?? undefined;
      const saKey = req.headers['x-keap-api-key'];
      const app = [...apps.values()].find((a) => (bearer && a.accessToken === bearer) || (saKey && a.serviceAccountKey === saKey));
      if (!app) return void reply(res, 401, '<h1>Developer Inactive</h1>', { 'Content-Type': 'text/html' });
      return { app, checkKeyParam: false };
    }
    return void reply(res, 404, 'Not Found', { 'Content-Type': 'text/plain' });
  }

  async function handleXmlRpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const auth = authenticate(req, url, res);
    if (!auth) return;
    const body = await readBody(req);
    if (switches.latencyMs) await sleep(switches.latencyMs);
    if (body === undefined) return reply(res, 413, 'Request Entity Too Large', { 'Content-Type': 'text/plain' });
    let method = '(unparsed)';
    try {
      if (!body.trim()) throw FAULTS.parse('Premature end of file.');
      let call: ReturnType<typeof decodeMethodCall>;
      try {
        call = decodeMethodCall(body);
      } catch (err) {
        throw FAULTS.parse(isCodecError(err) ? err.message : 'Premature end of file.');
      }
      method = call.methodName;
      stats.total++;
      stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
      const [key, ...args] = call.params;
      if (auth.checkKeyParam && key !== auth.app.apiKey) throw FAULTS.invalidKey();
      if (throttled(auth.app)) {
        stats.injected.throttled++;
        throw FAULTS.throttled();
      }
      const failure = rand() * 100 < switches.failPercent ? (['fault', 'reset', 'lost'] as const)[failureTurn++ % 3] : undefined;
      if (failure === 'fault') {
        stats.injected.fault++;
        throw FAULTS.transient();
      }
      if (failure === 'reset') {
        stats.injected.reset++;
        return void req.socket.destroy();
      }
      if (rand() * 100 < switches.blankPercent) {
        stats.injected.blank++;
        return reply(res, 200, '');
      }
      const value = runMethod(auth.app, method, args);
      if (failure === 'lost') {
        stats.injected.lostResponse++;
        return reply(res, 200, '');
      }
      reply(res, 200, encodeMethodResponse(value));
    } catch (err) {
      if (err instanceof SimFault) return reply(res, 200, encodeFault(err.faultCode, err.faultString));
      reply(res, 200, encodeFault(3, `[Unexpected]${method}: ${(err as Error).message}`));
    }
  }

  async function handleInspection(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const json = (status: number, value: unknown) => reply(res, status, JSON.stringify(value), { 'Content-Type': 'application/json' });
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    try {
      const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : undefined;
      if (req.method === 'GET' && parts[0] === 'state') return json(200, api.stateView());
      if (req.method === 'POST' && parts[0] === 'config') return json(200, api.configure(body));
      if (req.method === 'POST' && parts[0] === 'reset') return json(200, (api.reset(), api.stateView()));
      if (req.method === 'POST' && parts[0] === 'apps' && parts.length === 1) return json(201, { name: api.addApp(body).name });
      const app = parts[0] === 'apps' && parts[1] ? apps.get(parts[1].toLowerCase()) : undefined;
      if (parts[0] === 'apps' && !app) return json(404, { error: `no app ${parts[1]}` });
      if (app && req.method === 'GET' && parts[2] === 'tables') return json(200, parts[3] ? app.tables.all(parts[3]) : app.tables.dump());
      if (app && req.method === 'POST' && parts[2] === 'tables' && parts[3]) return json(201, app.tables.add(parts[3], body));
      return json(404, { error: 'unknown inspection endpoint' });
    } catch (err) {
      json(400, { error: err instanceof SimFault ? err.faultString : (err as Error).message });
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const work = url.pathname.startsWith('/__sim/') ? handleInspection(req, res, url) : req.method === 'POST' ? handleXmlRpc(req, res, url) : Promise.resolve(reply(res, 405, 'Method Not Allowed', { 'Content-Type': 'text/plain' }));
    work.catch((err: Error) => reply(res, 500, err.message, { 'Content-Type': 'text/plain' }));
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const api = {
    url: base,
    legacyUrlTemplate: `${base}/apps/{app}/api/xmlrpc`,
    oauthUrl: `${base}/crm/xmlrpc/v1`,
    addApp(input: SimAppInput): SimApp {
      const app = newApp(input);
      apps.set(app.name.toLowerCase(), app);
      return app;
    },
    app(name: string): SimApp {
      const app = apps.get(name.toLowerCase());
      if (!app) throw new SimConfigError(`no app ${name}`);
      return app;
    },
    configure(patch: unknown): SimSwitches {
      switches = { ...switches, ...validateSwitches(patch) };
      return switches;
    },
    stats: () => stats,
    reset(): void {
      for (const [k, a] of apps) apps.set(k, newApp(a));
      stats = emptyStats();
      windows.clear();
    },
    /** What GET /__sim/state answers: no secrets, row counts and side effects per app. */
    stateView() {
      return {
        switches,
        calls: stats,
        apps: Object.fromEntries([...apps.values()].map((a) => [a.name, { rows: a.tables.counts(), actionSetRuns: a.actionSetRuns, goals: a.goals }])),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return api;
}

function emptyStats(): SimCallStats {
  return { total: 0, byMethod: {}, injected: { fault: 0, reset: 0, lostResponse: 0, blank: 0, throttled: 0 } };
}

function stripNonSwitches(o: InfusionsoftSimulatorOptions): Partial<SimSwitches> {
  const { latencyMs, failPercent, blankPercent, throttlePerSecond } = o;
  return { latencyMs, failPercent, blankPercent, throttlePerSecond };
}
