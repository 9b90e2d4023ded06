import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { budgetProblem, DEFAULT_POOL_SIZES, PooledService, poolBudget, SERVER_CONNECTIONS_SQL, ServerConnections } from '@hub/persistence';
import { HUB_SERVICES, HubService, schemaFor } from './hub-services';

export const ROOT = resolve(__dirname, '../..');

export interface LaunchOptions {
  /** Environment shared by every service (AMQP_URL, DATABASE_URL, ONTRAPORT_BASE_URL, …). */
  env: Record<string, string>;
  services?: string[];
  schemaPrefix?: string;
  /** Extra environment for one service (e.g. its own AMQP_URL through a fault proxy). */
  envFor?: Record<string, Record<string, string>>;
  /** Port per service; default: the documented ones. */
  ports?: Record<string, number>;
  /** Each output line of each service. */
  onLine?: (service: string, line: string) => void;
  readyTimeoutMs?: number;
}

export interface RunningService {
  service: HubService;
  url: string;
  child: ChildProcess;
}

/**
 * Runs hub services as real processes (TypeScript through @swc-node/register, no build step),
 * waits until each answers /health/ready, and stops them with SIGTERM (then SIGKILL).
 */
export class HubLauncher {
  readonly running = new Map<string, RunningService>();

  constructor(private readonly options: LaunchOptions) {}

  url(name: string): string {
    const r = this.running.get(name);
    if (!r) throw new Error(`${name} is not running`);
    return r.url;
  }

  /** The process id of a running service (for CPU accounting in benchmarks). */
  pid(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /**
   * The pool each process of `keys` (`name` or `name#replica`) may open: its DATABASE_POOL_SIZE,
   * else its service's default (DEFAULT_POOL_SIZES).
   */
  poolSizes(keys: string[] = HUB_SERVICES.map((s) => s.name)): Record<string, number> {
    return Object.fromEntries(
      keys.map((key) => {
        const name = key.split('#')[0];
        const set = this.options.envFor?.[name]?.['DATABASE_POOL_SIZE'] ?? this.options.env['DATABASE_POOL_SIZE'] ?? process.env['DATABASE_POOL_SIZE'];
        return [key, set ? Number(set) : DEFAULT_POOL_SIZES[name as PooledService]];
      }),
    );
  }

  /**
   * The connection budget of a launch, checked against the server before it starts: the sum of
   * the processes' pools against max_connections less the superuser-reserved ones and the reserve
   * (connection-budget.ts), and against what others hold now. `problem` says what does not fit.
   */
  async connectionBudget(databaseUrl: string, keys?: string[]): Promise<{ total: number; budget: number; server: ServerConnections; problem?: string }> {
    const total = Object.values(this.poolSizes(keys)).reduce((n, p) => n + p, 0);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const [server] = (await db.query<ServerConnections>(SERVER_CONNECTIONS_SQL)).rows;
      return { total, budget: poolBudget(server), server, problem: budgetProblem(total, server) };
    } finally {
      await db.end();
    }
  }

  async startAll(): Promise<void> {
    const names = this.options.services ?? HUB_SERVICES.map((s) => s.name);
    await Promise.all(names.map((n) => this.start(n)));
  }

  /**
   * Starts a service; `replica` starts another instance of it (a competing consumer), known as
   * `<name>#<replica>` with the port `ports['<name>#<replica>']`.
   */
  async start(name: string, replica?: number): Promise<RunningService> {
    const service = HUB_SERVICES.find((s) => s.name === name);
    if (!service) throw new Error(`unknown service ${name}`);
    const key = replica ? `${name}#${replica}` : name;
    const port = this.options.ports?.[key] ?? service.port;
    const schema = schemaFor(service, this.options.schemaPrefix);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', service.entry], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.options.env,
        ...this.options.envFor?.[name],
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        PORT: String(port),
        ...(schema ? { DATABASE_SCHEMA: schema } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) if (line.trim()) this.options.onLine?.(key, line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const running = { service, url: `http://127.0.0.1:${port}`, child };
    this.running.set(key, running);
    await this.waitReady(running);
    return running;
  }

  /** kill -9, as a crash would. */
  crash(name: string): void {
    this.running.get(name)?.child.kill('SIGKILL');
    this.running.delete(name);
  }

  async stop(name: string): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    this.running.delete(name);
    await stopChild(r.child);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stop(n)));
  }

  private async waitReady(r: RunningService): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let last = '';
    while (Date.now() < deadline) {
      if (r.child.exitCode !== null) throw new Error(`${r.service.name} exited with code ${r.child.exitCode} before it was ready`);
      try {
        const res = await fetch(`${r.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
        last = `${res.status} ${await res.text()}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`${r.service.name} not ready at ${r.url}: ${last}`);
  }
}

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
