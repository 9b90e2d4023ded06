import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { brokerPid, processCpuMs, ROOT } from '@hub/dev-tools';
import { createTestVhost, freePort } from '@hub/testing';
import { RUNNING, stopChild } from './bench-hub';
import { DriveStats, Driver } from './driver';
import { HubRunResult, peakRssMb } from './hub-run';
import { Expectation, ORDER_KINDS, WorkRequest } from './workload';

export interface RelayRunResult {
  drive: DriveStats;
  orders: number;
  ordersDone: number;
  seconds: number;
  latencyMs: number[];
  messages: { cart: number; command: number; record: number };
  cpuMs: Map<string, number>;
  peakRssMb: Map<string, number>;
}

const ROLES = ['sink', 'connector', 'mapping', 'front'] as const;

/**
 * The same requests the hub accepted in its measured phase, through the raw relay (relay.ts):
 * same bodies, same concurrency and backlog rule, and for each event the commands and records the
 * hub published for it, at the sizes sampled from the hub. An order is through when the sink has
 * its last record — the relay's "every CRM call logged".
 */
export async function runRelay(hubRun: HubRunResult, o: { concurrency: number; prefetch: number; timeoutS: number }): Promise<RelayRunResult> {
  const vhost = await createTestVhost('bench_e2e_relay');
  const port = await freePort();
  const children = new Map<string, ChildProcess>();
  const done = new Map<number, number>();
  const cleanup = {
    stop: async () => {
      RUNNING.delete(cleanup);
      for (const c of [...children.values()].reverse()) await stopChild(c);
      await vhost.dispose();
    },
  };
  RUNNING.add(cleanup);
  try {
    for (const role of ROLES) {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'relay.ts')], {
        cwd: ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', AMQP_URL: vhost.url, RELAY_ROLE: role, RELAY_PORT: String(port), RELAY_PREFETCH: String(o.prefetch), RELAY_SIZES: JSON.stringify(hubRun.sizes) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.set(`relay ${role}`, child);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      await new Promise<void>((ready, fail) => {
        child.once('exit', (code) => fail(new Error(`relay ${role} exited with code ${code}`)));
        lines.on('line', (line) => {
          if (line.startsWith(`relay ${role} ready`)) ready();
          const m = /^done (\d+) (\d+)$/.exec(line);
          if (m) done.set(Number(m[1]), Number(m[2]));
        });
      });
    }

    // Fresh copies: the hub's run keeps its own acceptance times.
    const items = new Map<number, Expectation>();
    const requests: WorkRequest[] = hubRun.replay.map(({ request, plan }) => {
      const copies = request.expectations.map((e) => ({ ...e, acceptedAt: undefined }));
      plan.events.forEach((ev, i) => items.set(ev.item, copies[i]));
      return { ...request, expectations: copies, headers: { 'x-plan': JSON.stringify(plan) } };
    });
    const planned = new Set(hubRun.replay.flatMap(({ plan }) => plan.events.filter((e) => e.commands.length).map((e) => e.item)));
    const messages = {
      cart: hubRun.replay.reduce((s, r) => s + r.plan.events.length, 0),
      command: hubRun.replay.reduce((s, r) => s + r.plan.events.reduce((t, e) => t + e.commands.length, 0), 0),
      record: hubRun.replay.reduce((s, r) => s + r.plan.frontRecords + r.plan.events.reduce((t, e) => t + e.commands.reduce((u, n) => u + n, 0), 0), 0),
    };

    const pids = new Map([...children].map(([k, c]) => [k, c.pid ?? 0]));
    const snapshot = () => new Map([...[...pids].map(([k, pid]) => [k, processCpuMs(pid)] as const), ['rabbitmq (whole broker)', processCpuMs(brokerPid())], ['bench driver', (process.cpuUsage().user + process.cpuUsage().system) / 1000]]);
    const before = snapshot();
    const driver = new Driver({ ingest: `http://127.0.0.1:${port}`, 'order-import': `http://127.0.0.1:${port}` }, o.concurrency, (r, _text, at) => {
      for (const e of r.expectations) e.acceptedAt = at;
      return undefined;
    });
    const queue = [...requests];
    let drive: DriveStats;
    try {
      drive = await driver.run(() => queue.shift());
    } finally {
      driver.close();
    }
    const deadline = Date.now() + o.timeoutS * 1000;
    while ([...planned].some((i) => !done.has(i)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const after = snapshot();

    const orderItems = [...planned].filter((i) => ORDER_KINDS.has(items.get(i)?.kind ?? 'cart'));
    const finished = orderItems.filter((i) => done.has(i));
    const latencyMs = [...planned].flatMap((i) => {
      const at = done.get(i);
      return at === undefined ? [] : [at - (items.get(i)?.acceptedAt ?? NaN)];
    });
    const last = Math.max(...finished.map((i) => done.get(i) ?? NaN));
    return {
      drive,
      orders: orderItems.length,
      ordersDone: finished.length,
      seconds: (last - drive.firstAt) / 1000,
      latencyMs,
      messages,
      cpuMs: new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)])),
      peakRssMb: new Map([...pids].map(([k, pid]) => [k, peakRssMb(pid)])),
    };
  } finally {
    await cleanup.stop();
  }
}
