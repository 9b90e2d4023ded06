import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Runs the real CLI (through tsx, as `nx serve` does) and stops it with a signal. */
describe('main (CLI)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('logs one JSON line when listening, serves the API, and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
      env: { ...process.env, ONTRAPORT_SIM_PORT: '0', ONTRAPORT_SIM_ACCOUNTS: 'cli-app:cli-key:123' },
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    const listening = JSON.parse(String(first.value)) as { msg: string; url: string; accounts: string[] };

    expect(listening).toMatchObject({ msg: 'listening', accounts: ['cli-app'] });
    expect(String(first.value)).not.toContain('cli-key');
    const res = await fetch(`${listening.url}/1/Contacts`, {
      headers: { 'Api-Appid': 'cli-app', 'Api-Key': 'cli-key' },
    });
    expect(await res.json()).toEqual({ code: 0, data: [], account_id: 123, misc: [] });

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 20_000);

  it('exits 1 with a clear message on a bad variable', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
      env: { ...process.env, ONTRAPORT_SIM_FAIL_PERCENT: 'lots' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(code).toBe(1);
    expect(out).toContain('ONTRAPORT_SIM_FAIL_PERCENT must be a number');
  }, 20_000);
});
