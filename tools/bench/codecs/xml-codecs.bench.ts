/**
 * Throughput of the XML codecs on realistic payloads, and of the `xmlrpc` npm package on the same
 * payloads in the same run. Usage (from the workspace root):
 *
 *   npx tsx tools/bench/codecs/xml-codecs.bench.ts [--seconds 3] [--rounds 3]
 *
 * Each operation is warmed up, then timed in `rounds` alternating slices (ours, theirs, ours, …) so
 * that machine noise hits both sides alike; the median of the slices is reported.
 */
import './hub-aliases';
import { deepStrictEqual } from 'node:assert';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import {
  buildLogTransactionData,
  buildProductUpdateXml,
  decodeResponse,
  encodeProductsRequest,
} from '@hub/codecs-ontraport-xml';
import {
  decodeMethodCall,
  decodeMethodResponse,
  encodeMethodCall,
  encodeMethodResponse,
} from '@hub/codecs-xml-rpc';
import { contact, items, ontraportProductList, order } from './payloads';

// The `xmlrpc` package reads dateTime values without a zone as local time; ours reads them as UTC.
process.env['TZ'] = 'UTC';

interface XmlrpcSerializer {
  serializeMethodCall(method: string, params: unknown[]): string;
  serializeMethodResponse(value: unknown): string;
}
type Callback = (error: Error | null | undefined, value?: unknown) => void;
interface XmlrpcDeserializer {
  callback: Callback;
  parser: { write(chunk: string): void; end(): void };
  deserializeMethodResponse(stream: Readable, callback: Callback): void;
}

// The package has no type declarations; these are the two modules its client and server use.
const load = createRequire(__filename);
const serializer = load('xmlrpc/lib/serializer') as XmlrpcSerializer;
const Deserializer = load(
  'xmlrpc/lib/deserializer',
) as new () => XmlrpcDeserializer;

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} needs a positive number`);
  }
  return value;
};
const SECONDS = option('seconds', 3);
const ROUNDS = Math.round(option('rounds', 3));
const WARM_UP_SECONDS = Math.min(1, SECONDS / 2);
const GOAL = 1.5;

/** The `xmlrpc` package's public path: its Deserializer reads a stream (as its client does). */
function xmlrpcDecodeStream(xml: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const stream = new Readable({
      read() {
        this.push(xml);
        this.push(null);
      },
    });
    new Deserializer().deserializeMethodResponse(stream, (error, value) =>
      error ? reject(error) : resolve(value),
    );
  });
}

/**
 * The same Deserializer with the string written straight into its sax parser: no stream, no
 * promise, synchronous. Faster than its public path, so the ratio against it is the harder one.
 */
function xmlrpcDecodeSync(xml: string): unknown {
  const deserializer = new Deserializer();
  let result: unknown;
  let failure: unknown;
  // Called with every param; deserializeMethodResponse's own callback would take the first.
  deserializer.callback = (error, value) => {
    failure = error;
    result = (value as unknown[] | undefined)?.[0];
  };
  deserializer.parser.write(xml);
  deserializer.parser.end();
  if (failure) {
    throw failure;
  }
  return result;
}

type Operation = () => unknown;

/** Calls per second of `operation` over about `seconds`, timing batches so the clock costs nothing. */
async function opsPerSecond(
  operation: Operation,
  seconds: number,
): Promise<number> {
  let batch = 1;
  let calls = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  for (;;) {
    const batchStart = performance.now();
    for (let i = 0; i < batch; i++) {
      await operation();
    }
    calls += batch;
    const now = performance.now();
    if (now >= deadline) {
      return calls / ((now - started) / 1000);
    }
    // Batches of about 20 ms.
    if (now - batchStart < 20) {
      batch *= 2;
    }
  }
}

async function compare(
  ours: Operation,
  theirs: readonly Operation[],
): Promise<number[]> {
  const sides = [ours, ...theirs];
  for (const side of sides) {
    await opsPerSecond(side, WARM_UP_SECONDS);
  }
  const slices: number[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, side] of sides.entries()) {
      slices[index].push(await opsPerSecond(side, SECONDS / ROUNDS));
    }
  }
  return slices.map(median);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

const number = (value: number): string =>
  Math.round(value).toLocaleString('en-US').padStart(9);
const kilobytes = (text: string): string =>
  `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;

function row(
  name: string,
  ours: number,
  theirs: number,
  against: string,
): void {
  const ratio = ours / theirs;
  const verdict =
    ratio >= GOAL ? `meets the ${GOAL}× goal` : `BELOW the ${GOAL}× goal`;
  console.log(
    `  ${name.padEnd(8)} ours ${number(ours)} ops/s   xmlrpc ${number(theirs)} ops/s (${against})   ratio ${ratio.toFixed(2)}×  ${verdict}`,
  );
}

async function main(): Promise<void> {
  const params = ['API-KEY', contact, order, items];
  const call = encodeMethodCall('OrderCascade.import', params);
  const response = encodeMethodResponse({
    Contact: contact,
    Order: order,
    Items: items,
  });

  // Same payload, same meaning: both serializations decode to the same values, and both
  // deserializers read the same response into the same values.
  deepStrictEqual(
    decodeMethodCall(
      serializer.serializeMethodCall('OrderCascade.import', params),
    ).params,
    decodeMethodCall(call).params,
  );
  const decoded = decodeMethodResponse(response);
  deepStrictEqual(
    xmlrpcDecodeSync(response),
    decoded.kind === 'value' ? decoded.value : decoded,
  );
  deepStrictEqual(
    await xmlrpcDecodeStream(response),
    xmlrpcDecodeSync(response),
  );

  console.log(
    `XML codec benchmark: Node ${process.version}, ${SECONDS} s per operation in ${ROUNDS} slices, median shown`,
  );
  console.log(
    `\nXML-RPC: an Infusionsoft order cascade (a contact struct, an order struct, ${items.length} order items)`,
  );
  console.log(
    `  methodCall ${kilobytes(call)} (encode), methodResponse ${kilobytes(response)} (decode)`,
  );

  const [encodeOurs, encodeTheirs] = await compare(
    () => encodeMethodCall('OrderCascade.import', params),
    [() => serializer.serializeMethodCall('OrderCascade.import', params)],
  );
  row('encode', encodeOurs, encodeTheirs, 'serializeMethodCall');

  const [decodeOurs, decodeSync, decodeStream] = await compare(
    () => decodeMethodResponse(response),
    [() => xmlrpcDecodeSync(response), () => xmlrpcDecodeStream(response)],
  );
  row('decode', decodeOurs, decodeSync, 'Deserializer, sax written directly');
  row('decode', decodeOurs, decodeStream, 'Deserializer, stream API');

  const update = (): string =>
    encodeProductsRequest({
      appId: '2_26778_xxxx',
      key: 'API-KEY',
      reqType: 'update',
      data: buildProductUpdateXml({
        id: 7,
        name: 'Organic Coffee Beans – Blend 7 & more',
        price: '1269.50',
        fields: {
          SKU: 'COF-1006',
          Tags: ['coffee', 'organic'],
          'Date Created': new Date('2024-05-18T00:00:00Z'),
        },
      }),
    });
  const logTransaction = (): string =>
    encodeProductsRequest({
      appId: '2_26778_xxxx',
      key: 'API-KEY',
      reqType: 'log_transaction',
      data: buildLogTransactionData({
        contactId: 16972,
        date: new Date('2024-05-18T12:10:19Z'),
        products: items.map((item) => ({
          productId: item.ProductId,
          quantity: item.Qty,
          price: item.PPU.toFixed(2),
        })),
      }),
    });
  const products = decodeResponse(ontraportProductList);
  if (!products.ok || products.result.products.length !== 50) {
    throw new Error(
      'the ONTRAPORT product list does not decode to 50 products',
    );
  }
  console.log(`\nONTRAPORT legacy XML (no other library to compare with)`);
  const [decodeList] = await compare(
    () => decodeResponse(ontraportProductList),
    [],
  );
  console.log(
    `  decode   ${number(decodeList)} ops/s   product list, 50 products (${kilobytes(ontraportProductList)})`,
  );
  const [encodeUpdate] = await compare(update, []);
  console.log(
    `  encode   ${number(encodeUpdate)} ops/s   products update request, form body (${kilobytes(update())})`,
  );
  const [encodeLog] = await compare(logTransaction, []);
  console.log(
    `  encode   ${number(encodeLog)} ops/s   log_transaction of ${items.length} products, form body (${kilobytes(logTransaction())})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
