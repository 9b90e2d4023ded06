import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodecError,
  ONTRAPORT_ERROR_CODES,
  XML_ERROR_CODES,
} from './ontraport-xml.errors';
import {
  decodeKeyResponse,
  decodePurchasesResponse,
  decodeResponse,
} from './ontraport-response.decoder';
import {
  decodeContactsRequest,
  decodeProductsRequest,
} from './ontraport-request.decoder';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const read = (...parts: string[]): string =>
  readFileSync(join(FIXTURES, ...parts), 'utf8');

/**
 * JSON with Dates kept distinguishable from strings (`{ "$date": "…" }`). A record's flat `fields`
 * index repeats its `groups`, so it is left out here and checked in the decoder spec.
 */
function asJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(
      value,
      function (
        this: Record<string, unknown>,
        key: string,
        converted: unknown,
      ) {
        if (key === 'fields' && !Array.isArray(converted)) {
          return undefined;
        }
        return this[key] instanceof Date ? { $date: converted } : converted;
      },
    ),
  );
}

describe('golden fixtures', () => {
  const ok = readdirSync(join(FIXTURES, 'ok')).filter((name) =>
    name.endsWith('.xml'),
  );
  const notOk = readdirSync(join(FIXTURES, 'not-ok')).filter((name) =>
    name.endsWith('.xml'),
  );

  it('has fixtures in both folders, some starting with a byte-order mark', () => {
    expect(ok.length).toBeGreaterThanOrEqual(6);
    expect(notOk.length).toBeGreaterThanOrEqual(10);
    expect(ok.some((name) => read('ok', name).startsWith('\uFEFF'))).toBe(true);
  });

  describe('ok/', () => {
    it.each(ok)('%s decodes to its .expected.json', (name) => {
      const expected: unknown = JSON.parse(
        read('ok', name.replace(/\.xml$/, '.expected.json')),
      );
      expect(asJson(decodeResponse(read('ok', name)))).toEqual(expected);
    });
  });

  describe('not-ok/ (named <case>.<CODE>.xml)', () => {
    const known: readonly string[] = [
      ...XML_ERROR_CODES,
      ...ONTRAPORT_ERROR_CODES,
    ];

    it.each(notOk)('%s is refused with its CodecError code', (name) => {
      const code = /\.([A-Z0-9_]+)\.xml$/.exec(name)?.[1];
      expect(known).toContain(code);
      let thrown: unknown;
      try {
        decodeResponse(read('not-ok', name));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CodecError);
      expect((thrown as CodecError).code).toBe(code);
      expect((thrown as CodecError).message).toContain(code);
    });
  });
});

/**
 * Subfolders, each read by its own decoder: `purchases/` and `key/` responses, and `requests/` form
 * bodies (`pdata.*.txt` / `cdata.*.txt`, without the file's final newline).
 */
describe.each<[string, string, (text: string, name: string) => unknown]>([
  ['purchases', '.xml', (text) => decodePurchasesResponse(text)],
  ['key', '.xml', (text) => decodeKeyResponse(text)],
  [
    'requests',
    '.txt',
    (text, name) =>
      name.startsWith('pdata.')
        ? decodeProductsRequest(text.replace(/\n$/, ''))
        : decodeContactsRequest(text.replace(/\n$/, '')),
  ],
])('golden fixtures in %s/', (folder, extension, decode) => {
  const list = (kind: string): string[] =>
    readdirSync(join(FIXTURES, kind, folder)).filter((name) =>
      name.endsWith(extension),
    );
  const known: readonly string[] = [
    ...XML_ERROR_CODES,
    ...ONTRAPORT_ERROR_CODES,
  ];

  it('has fixtures in ok/ and not-ok/', () => {
    expect(list('ok').length).toBeGreaterThanOrEqual(2);
    expect(list('not-ok').length).toBeGreaterThanOrEqual(2);
  });

  it.each(list('ok'))('ok/%s decodes to its .expected.json', (name) => {
    const expected: unknown = JSON.parse(
      read('ok', folder, name.replace(/\.[a-z]+$/, '.expected.json')),
    );
    expect(asJson(decode(read('ok', folder, name), name))).toEqual(expected);
  });

  it.each(list('not-ok'))(
    'not-ok/%s is refused with its CodecError code',
    (name) => {
      const code = /\.([A-Z0-9_]+)\.[a-z]+$/.exec(name)?.[1];
      expect(known).toContain(code);
      let thrown: unknown;
      try {
        decode(read('not-ok', folder, name), name);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CodecError);
      expect((thrown as CodecError).code).toBe(code);
    },
  );
});
