import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toTaggedJson } from './testing/tagged-json.test-helper';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import {
  CodecError,
  XML_ERROR_CODES,
  XML_RPC_ERROR_CODES,
} from './xml-rpc.errors';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const read = (...parts: string[]): string =>
  readFileSync(join(FIXTURES, ...parts), 'utf8');
const isCall = (xml: string): boolean => /<methodCall[\s>]/.test(xml);

function decodeAsTaggedJson(xml: string): unknown {
  if (isCall(xml)) {
    const call = decodeMethodCall(xml);
    return {
      methodName: call.methodName,
      params: call.typedParams.map(toTaggedJson),
    };
  }
  const response = decodeMethodResponse(xml);
  return response.kind === 'fault'
    ? {
        fault: {
          faultCode: response.faultCode,
          faultString: response.faultString,
        },
      }
    : { value: toTaggedJson(response.typedValue) };
}

describe('golden fixtures', () => {
  const ok = readdirSync(join(FIXTURES, 'ok')).filter((name) =>
    name.endsWith('.xml'),
  );
  const notOk = readdirSync(join(FIXTURES, 'not-ok')).filter((name) =>
    name.endsWith('.xml'),
  );

  it('has fixtures in both folders', () => {
    expect(ok.length).toBeGreaterThanOrEqual(8);
    expect(notOk.length).toBeGreaterThanOrEqual(20);
  });

  describe('ok/', () => {
    it.each(ok)('%s decodes to its .expected.json', (name) => {
      const expected: unknown = JSON.parse(
        read('ok', name.replace(/\.xml$/, '.expected.json')),
      );
      expect(decodeAsTaggedJson(read('ok', name))).toEqual(expected);
    });
  });

  describe('not-ok/ (named <case>.<CODE>.xml)', () => {
    const known: readonly string[] = [
      ...XML_ERROR_CODES,
      ...XML_RPC_ERROR_CODES,
    ];

    it.each(notOk)('%s is refused with its CodecError code', (name) => {
      const code = /\.([A-Z0-9_]+)\.xml$/.exec(name)?.[1];
      expect(known).toContain(code);
      const xml = read('not-ok', name);
      let thrown: unknown;
      try {
        decodeAsTaggedJson(xml);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CodecError);
      expect((thrown as CodecError).code).toBe(code);
      expect((thrown as CodecError).message).toContain(code);
    });
  });
});
