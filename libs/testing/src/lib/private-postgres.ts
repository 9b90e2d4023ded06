import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { asPostgresUser, ownerUid, PG_BIN, run, runSync } from './run-command';

/**
 * A PostgreSQL cluster of a test's own — initdb into a temporary directory, trust auth,
 * 127.0.0.1 on a free port, its socket in that directory — so the run can crash and restart it
 * without touching the shared server on 5432 that other suites use (tools/chaos).
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database = 'hub'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
    if (process.getuid?.() === 0) {
      const owner = ownerUid('postgres');
      if (!owner) throw new Error('running as root, but there is no postgres OS user to own the private cluster');
      chownSync(dir, owner.uid, owner.gid);
    }
    const pg = new PrivatePostgres(dir, await freePort());
    const [cmd, args] = asPostgresUser(join(PG_BIN, 'initdb'), ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await run(cmd, args);
    await pg.start();
    const admin = new Client({ connectionString: pg.url('postgres') });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE hub');
    } finally {
      await admin.end();
    }
    return pg;
  }

  async start(): Promise<void> {
    // fsync stays on: a crash must be a real crash, recovered from the WAL.
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300`;
    await this.pgCtl(['start', '-w', '-t', '60', '-o', options, '-l', join(this.dir, 'postgres.log')]);
  }

  /** `pg_ctl stop -m immediate`: every backend is killed without a checkpoint, as in a crash. */
  async crash(): Promise<void> {
    await this.pgCtl(['stop', '-m', 'immediate', '-w']);
  }

  async stop(): Promise<void> {
    await this.pgCtl(['stop', '-m', 'fast', '-w']).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** For exit handlers: stops the cluster and removes its directory synchronously. */
  disposeSync(): void {
    const [cmd, args] = asPostgresUser(join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, 'stop', '-m', 'immediate', '-w']);
    runSync(cmd, args);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pgCtl(args: string[]): Promise<void> {
    const [cmd, full] = asPostgresUser(join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, ...args]);
    await run(cmd, full);
  }
}
