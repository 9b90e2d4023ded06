import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { freePort } from './free-port';
import { run } from './run-command';

let nodes = 0;

/** The RabbitMQ scripts of the Debian package (override with CHAOS_RABBITMQ_SBIN). */
const SBIN = process.env['CHAOS_RABBITMQ_SBIN'] ?? '/usr/lib/rabbitmq/bin';

/**
 * A RabbitMQ node of a test's own (`chaos-<pid>-<n>@localhost`): its own AMQP and
 * distribution ports, config, plugins file (none: no management listener), cookie, Mnesia and
 * log directories under a temporary directory. Runs in the foreground as a child of this process
 * (the script execs the Erlang VM, so the child's pid is the broker's), so a crash is a SIGKILL
 * to that pid — the shared broker on 5672, which other suites use, is never touched. For tests
 * that must stop or crash the broker (tools/chaos, broker-restart tests).
 */
export class PrivateRabbitMq {
  readonly nodename = `chaos-${process.pid}-${++nodes}@localhost`;
  private child?: ChildProcess;
  private readonly output: string[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly distPort: number,
  ) {}

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  static async create(): Promise<PrivateRabbitMq> {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-rabbitmq-'));
    const node = new PrivateRabbitMq(dir, await freePort(), await freePort());
    writeFileSync(join(dir, 'rabbitmq.conf'), [`listeners.tcp.default = 127.0.0.1:${node.port}`, 'loopback_users.guest = true', ''].join('\n'));
    writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
    // An empty env file: the shared node's /etc/rabbitmq/rabbitmq-env.conf names it rabbit@localhost.
    writeFileSync(join(dir, 'rabbitmq-env.conf'), '');
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(dir, 'home', '.erlang.cookie'), randomBytes(20).toString('hex').toUpperCase());
    chmodSync(join(dir, 'home', '.erlang.cookie'), 0o400);
    await node.start();
    return node;
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: join(this.dir, 'home'),
      RABBITMQ_NODENAME: this.nodename,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_CONFIG_FILE: join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dir, 'enabled_plugins'),
      RABBITMQ_CONF_ENV_FILE: join(this.dir, 'rabbitmq-env.conf'),
      RABBITMQ_MNESIA_BASE: join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(this.dir, 'log'),
      RABBITMQ_PID_FILE: join(this.dir, 'rabbitmq.pid'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      ERL_EPMD_ADDRESS: '127.0.0.1',
      // Makes the script exec the VM (no wrapper shell): our child is the broker itself.
      RUNNING_UNDER_SYSTEMD: 'true',
    };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the node and waits until it accepts AMQP connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(join(SBIN, 'rabbitmq-server'), [], { cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`rabbitmq ${this.nodename} exited while starting:\n${this.output.join('').slice(-3000)}`);
      try {
        const conn = await connect(this.url);
        await conn.close();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`rabbitmq ${this.nodename} not ready after ${timeoutMs} ms:\n${this.output.join('').slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** kill -9 of the broker. */
  async crash(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the node closes its connections and stops cleanly. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM', 30_000);
  }

  /** `rabbitmqctl` against this node (same cookie through HOME). */
  ctl(args: string[]): Promise<string> {
    return run(join(SBIN, 'rabbitmqctl'), ['-n', this.nodename, ...args], { env: this.env, timeoutMs: 60_000 });
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** For exit handlers: kill -9 and remove the directory synchronously. */
  disposeSync(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private signal(sig: NodeJS.Signals, graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(sig);
    });
  }
}
