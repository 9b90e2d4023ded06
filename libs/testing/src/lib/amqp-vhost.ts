import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TEST_AMQP_URL, uniqueName } from './test-namespace';

const run = promisify(execFile);

export interface TestVhost {
  vhost: string;
  /** AMQP_URL pointing at the suite's own vhost. */
  url: string;
  /** Closes every connection to the vhost, as a broker restart would (other suites are untouched). */
  dropConnections(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A RabbitMQ vhost of the suite's own: its exchanges and queues cannot collide with another
 * suite's, and deleting the vhost removes them all. Uses the management API when it answers,
 * else rabbitmqctl.
 */
export async function createTestVhost(label: string, baseUrl = TEST_AMQP_URL): Promise<TestVhost> {
  const vhost = uniqueName(label);
  const base = new URL(baseUrl);
  const admin = new RabbitAdmin(base);
  await admin.addVhost(vhost);
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return {
    vhost,
    url: url.toString(),
    dropConnections: () => admin.closeConnections(vhost),
    dispose: () => admin.deleteVhost(vhost),
  };
}

class RabbitAdmin {
  private readonly api: string;
  private readonly auth: string;

  constructor(base: URL) {
    const user = decodeURIComponent(base.username || 'guest');
    const pass = decodeURIComponent(base.password || 'guest');
    this.api = `http://${base.hostname}:${process.env['RABBITMQ_MANAGEMENT_PORT'] ?? 15672}/api`;
    this.auth = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
    this.user = user;
  }

  private readonly user: string;

  async addVhost(vhost: string): Promise<void> {
    if (await this.http('PUT', `/vhosts/${encodeURIComponent(vhost)}`)) {
      await this.http('PUT', `/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(this.user)}`, { configure: '.*', write: '.*', read: '.*' });
      return;
    }
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost]);
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, this.user, '.*', '.*', '.*']);
  }

  async deleteVhost(vhost: string): Promise<void> {
    if (await this.http('DELETE', `/vhosts/${encodeURIComponent(vhost)}`)) return;
    await run('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
  }

  async closeConnections(vhost: string): Promise<void> {
    const list = await this.httpJson<Array<{ name: string; vhost: string }>>(`/vhosts/${encodeURIComponent(vhost)}/connections`);
    if (list) {
      for (const c of list) await this.http('DELETE', `/connections/${encodeURIComponent(c.name)}`);
      return;
    }
    await run('rabbitmqctl', ['-q', 'close_all_connections', '-p', vhost, 'test: simulated broker restart']);
  }

  /** true when the management API did it; false when it is not there (use rabbitmqctl). */
  private async http(method: string, path: string, body?: unknown): Promise<boolean> {
    try {
      const res = await fetch(this.api + path, {
        method,
        headers: { authorization: this.auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok && res.status !== 404) throw new Error(`management API ${method} ${path}: ${res.status} ${await res.text()}`);
      return true;
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
      throw err;
    }
  }

  private async httpJson<T>(path: string): Promise<T | undefined> {
    try {
      const res = await fetch(this.api + path, { headers: { authorization: this.auth } });
      return res.ok ? ((await res.json()) as T) : undefined;
    } catch {
      return undefined;
    }
  }
}
