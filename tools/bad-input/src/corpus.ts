import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const CORPUS_DIR = resolve(__dirname, '../corpus');

/**
 * A body as the corpus writes it: any JSON value is sent as JSON; an object with one `$` key is a
 * recipe for bytes JSON cannot spell (raw text, a file, something huge, something compressed).
 */
export type BodySpec = unknown;

/** Who the request claims to be; the runner turns the name into headers (see `Identities`). */
export type AuthName = 'none' | 'admin' | 'otherAdmin' | 'badBearer' | 'operator' | 'webhook' | 'webhookWrong' | 'otherWebhook' | 'partner' | 'partnerWrong' | 'feedKey';

export interface HttpCase {
  name: string;
  service: string;
  method: string;
  /** With `{merchant}` (the seeded merchant the credentials belong to) and `{other}` (another merchant). */
  path: string;
  auth?: AuthName;
  headers?: Record<string, string>;
  contentType?: string;
  body?: BodySpec;
  /** 2xx statuses that are a correct answer to this input (a filter that simply matches nothing). */
  harmless?: number[];
  /** Text a harmless answer must not contain (another merchant's data). */
  mustNotContain?: string[];
}

export interface MessageCase {
  name: string;
  body: BodySpec;
  contentType?: string;
  contentEncoding?: string;
  /**
   * An RPC answering this body normally is harmless: to a request pattern it is a valid request
   * (its `merchantId`) with a field a newer caller might add, which responders keep and ignore, as
   * consumers do, so that services can be deployed one at a time.
   */
  rpcAnswerHarmless?: boolean;
}

/** Values the corpus refers to as `{name}`. */
export type Placeholders = Record<string, string>;

function ndjson<T>(file: string): T[] {
  return readFileSync(resolve(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
}

export const loadHttpCases = (): HttpCase[] => ndjson<HttpCase>('http.ndjson');
export const loadMessageCases = (): MessageCase[] => ndjson<MessageCase>('messages.ndjson');

export function fill(text: string, vars: Placeholders): string {
  return text.replace(/\{(\w+)\}/g, (all, k: string) => vars[k] ?? all);
}

const pad = (bytes: number) => JSON.stringify({ events: [{ pad: 'a'.repeat(bytes) }] });

/** The bytes of a body spec and the content type they go with (JSON unless the recipe says otherwise). */
export function materialize(spec: BodySpec, vars: Placeholders): { bytes: Buffer; contentType?: string } | undefined {
  if (spec === undefined) return undefined;
  const recipe = spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
  const key = recipe && Object.keys(recipe).length === 1 && Object.keys(recipe)[0].startsWith('$') ? Object.keys(recipe)[0] : undefined;
  if (!recipe || !key) return { bytes: Buffer.from(fill(JSON.stringify(spec), vars)), contentType: 'application/json' };
  const arg = recipe[key];
  switch (key) {
    case '$raw':
      return { bytes: Buffer.from(fill(arg as string, vars)) };
    case '$file':
      // A .json file is sent as JSON, as a client would: without a type, it was answered 415 before its content was looked at.
      return { bytes: readFileSync(resolve(CORPUS_DIR, arg as string)), contentType: (arg as string).endsWith('.json') ? 'application/json' : undefined };
    case '$form':
      return { bytes: Buffer.from(new URLSearchParams(Object.entries(arg as Record<string, string>).map(([k, v]): [string, string] => [k, fill(v, vars)])).toString()) };
    case '$huge':
      return { bytes: Buffer.from(pad(arg as number)), contentType: 'application/json' };
    case '$hugeCsv':
      return { bytes: Buffer.from(`itemId,productName\nA,${'b'.repeat(arg as number)}\n`) };
    case '$hugeForm':
      return { bytes: Buffer.from(`credentials.merchantId=${vars['merchant']}&order.giftMessage=${'a'.repeat(arg as number)}`) };
    case '$deep':
      return { bytes: Buffer.from('{"events":' + '['.repeat(arg as number) + ']'.repeat(arg as number) + '}'), contentType: 'application/json' };
    case '$gzipZeros':
      return { bytes: gzipSync(Buffer.alloc(arg as number)), contentType: 'application/json' };
    case '$brZeros':
      return { bytes: brotliCompressSync(Buffer.alloc(arg as number), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), contentType: 'application/json' };
    case '$brText':
      return { bytes: brotliCompressSync(Buffer.from(arg as string)), contentType: 'application/json' };
    default:
      throw new Error(`unknown body recipe ${key}`);
  }
}
