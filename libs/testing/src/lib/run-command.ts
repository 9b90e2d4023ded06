import { execFile, execFileSync } from 'node:child_process';

/** The PostgreSQL binaries of the Debian package (override with CHAOS_PG_BIN). */
export const PG_BIN = process.env['CHAOS_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * `initdb` refuses to run as root: as root, the PostgreSQL tools run as the `postgres` OS user
 * (runuser); as anyone else, as that user (who then owns the data directory).
 */
export function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** For exit handlers, where nothing asynchronous runs any more. */
export function runSync(command: string, args: string[], env?: NodeJS.ProcessEnv): void {
  try {
    execFileSync(command, args, { env: env ?? process.env, stdio: 'ignore', timeout: 30_000 });
  } catch {
    // best effort: the process is leaving
  }
}

export function ownerUid(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}
