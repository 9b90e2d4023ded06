/**
 * Product mappings as CSV from the command line, through mapping's config API:
 *
 *   HUB_TOKEN=<admin token> node -r @swc-node/register tools/mapping-csv/mapping-csv.ts \
 *     import --merchant DEMO --crm ontraport --file mappings.csv [--mode valid-rows] [--url http://127.0.0.1:3001]
 *   HUB_TOKEN=<token> node -r @swc-node/register tools/mapping-csv/mapping-csv.ts export --merchant DEMO --crm ontraport > mappings.csv
 *
 * (SWC_NODE_PROJECT=tsconfig.base.json.) Import streams the file and shows progress on stderr
 * (bytes sent, rows the service has read and checked); it prints the result as JSON and exits 1
 * when nothing was committed. The token comes from the environment so it stays out of shell history.
 */
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env['MAPPING_URL'] ?? 'http://127.0.0.1:3001' },
    merchant: { type: 'string' },
    crm: { type: 'string', default: 'ontraport' },
    file: { type: 'string' },
    mode: { type: 'string', default: 'all-or-nothing' },
  },
});

function fail(message: string): never {
  process.stderr.write(`mapping-csv: ${message}\n`);
  process.exit(2);
}

const token = process.env['HUB_TOKEN'] ?? fail('set HUB_TOKEN to a token of the merchant (admin to import)');
const merchant = values.merchant ?? fail('--merchant is required');
const base = `${values.url}/merchants/${encodeURIComponent(merchant)}/crms/${encodeURIComponent(values.crm ?? '')}/mappings`;
const send = (url: URL) => (url.protocol === 'https:' ? requestTls : request);

function progressLine(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text.padEnd(70)}`);
  else process.stderr.write(`${text}\n`);
}

async function exportCsv(): Promise<void> {
  const res = await fetch(`${base}/export.csv`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) fail(`export failed: ${res.status} ${await res.text()}`);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) process.stdout.write(chunk);
}

function importCsv(): Promise<number> {
  const file = values.file ?? fail('--file is required');
  const size = statSync(file).size;
  const url = new URL(`${base}/import.csv?mode=${encodeURIComponent(values.mode ?? '')}`);
  const started = Date.now();
  let sent = 0;
  let rows = 0;
  const show = () => progressLine(`sent ${((100 * sent) / Math.max(size, 1)).toFixed(0)}% · ${rows.toLocaleString('en-US')} rows checked · ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return new Promise((resolve) => {
    const req = send(url)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', accept: 'application/x-ndjson', 'content-length': size },
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          process.stderr.write(`\nimport refused: ${res.statusCode} ${text}\n`);
          resolve(1);
        });
        return;
      }
      let buffered = '';
      let code = 1;
      res.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const msg = JSON.parse(line) as { progress?: { rows: number }; result?: { committed: boolean }; error?: unknown };
          if (msg.progress) rows = msg.progress.rows;
          if (msg.result || msg.error) {
            process.stderr.write('\n');
            process.stdout.write(JSON.stringify(msg.result ?? msg.error, null, 2) + '\n');
            code = msg.result?.committed ? 0 : 1;
          }
        }
        show();
      });
      res.on('end', () => resolve(code));
    });
    req.on('error', (err) => fail(err.message));
    const input = createReadStream(file);
    input.on('data', (c) => {
      sent += c.length;
      show();
    });
    input.pipe(req);
  });
}

const command = positionals[0];
if (command === 'export') void exportCsv();
else if (command === 'import') void importCsv().then((code) => process.exit(code));
else fail('usage: mapping-csv import|export --merchant ID [--crm ontraport|infusionsoft] [--file F] [--mode all-or-nothing|valid-rows]');
