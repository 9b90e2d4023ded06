/**
 * Property-based tests (fast-check): every value of every type survives encode → decode exactly, and
 * no input whatsoever makes a decoder throw anything but a `CodecError` with a known code.
 */
import fc from 'fast-check';
import {
  finiteDouble,
  forbiddenChar,
  int32,
  methodName,
  plainValue,
  typedValue,
  xmlText,
} from './testing/xml-rpc.arbitraries.test-helper';
import { toTaggedJson } from './testing/tagged-json.test-helper';
import { parseInfusionsoftFault } from './infusionsoft-fault';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  encodeValue,
} from './xml-rpc.encoder';
import {
  CodecError,
  XML_ERROR_CODES,
  XML_RPC_ERROR_CODES,
} from './xml-rpc.errors';
import { xmlRpc, XmlRpcInput, XmlRpcPlain, XmlRpcValue } from './xml-rpc.types';

const RUNS = { numRuns: 300 };
const KNOWN_CODES: readonly string[] = [
  ...XML_ERROR_CODES,
  ...XML_RPC_ERROR_CODES,
];

function typedRoundTrip(value: XmlRpcValue): XmlRpcValue {
  const response = decodeMethodResponse(encodeMethodResponse(value));
  if (response.kind !== 'value') {
    throw new Error(`expected a value, got fault ${response.faultString}`);
  }
  return response.typedValue;
}

/** What decoding gives back for plain input: i8 as a number when it is a safe integer. */
function expectedPlain(input: XmlRpcInput): XmlRpcPlain {
  if (typeof input === 'bigint') {
    return Number.isSafeInteger(Number(input)) ? Number(input) : input;
  }
  if (Array.isArray(input)) {
    return (input as readonly XmlRpcInput[]).map(expectedPlain);
  }
  if (
    input !== null &&
    typeof input === 'object' &&
    !(input instanceof Date) &&
    !(input instanceof Uint8Array)
  ) {
    const plain: Record<string, XmlRpcPlain> = {};
    for (const name of Object.keys(input)) {
      Object.defineProperty(plain, name, {
        value: expectedPlain((input as Record<string, XmlRpcInput>)[name]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return plain;
  }
  return input as XmlRpcPlain;
}

const outcomes = new Map<string, number>();

/**
 * Runs `decode`; it may return, or throw a `CodecError` with a known code, nothing else. Counts the
 * outcomes, so the fuzz tests can check that they reached both.
 */
function returnsOrRefuses(decode: () => unknown): void {
  let outcome = 'decoded';
  try {
    decode();
  } catch (error) {
    if (!(error instanceof CodecError) || !KNOWN_CODES.includes(error.code)) {
      throw new Error(`not a CodecError with a known code: ${String(error)}`);
    }
    outcome = error.code;
  }
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

describe('properties: encode → decode', () => {
  it('keeps every typed value exactly, nested to any shape', () => {
    fc.assert(
      fc.property(typedValue(), (value) => {
        expect(toTaggedJson(typedRoundTrip(value))).toEqual(
          toTaggedJson(value),
        );
      }),
      RUNS,
    );
  });

  it('gives plain JS values back as they went in (i8 → number when safe)', () => {
    fc.assert(
      fc.property(plainValue(), (value) => {
        const response = decodeMethodResponse(encodeMethodResponse(value));
        expect(response.kind === 'value' && response.value).toEqual(
          expectedPlain(value),
        );
      }),
      RUNS,
    );
  });

  it('keeps the method name and every parameter of a call', () => {
    fc.assert(
      fc.property(
        methodName,
        fc.array(typedValue({ maxDepth: 2 }), { maxLength: 5 }),
        (name, params) => {
          const call = decodeMethodCall(encodeMethodCall(name, params));
          expect(call.methodName).toBe(name);
          expect(call.typedParams.map(toTaggedJson)).toEqual(
            params.map(toTaggedJson),
          );
        },
      ),
      RUNS,
    );
  });

  it('keeps fault code and string', () => {
    fc.assert(
      fc.property(int32, xmlText(60), (faultCode, faultString) => {
        expect(
          decodeMethodResponse(encodeFault(faultCode, faultString)),
        ).toEqual({ kind: 'fault', faultCode, faultString });
      }),
      RUNS,
    );
  });

  it('keeps the exact bits of every finite double, -0 and subnormals included', () => {
    fc.assert(
      fc.property(finiteDouble, (value) => {
        const decoded = typedRoundTrip(xmlRpc.double(value));
        expect(Object.is(decoded.value, value)).toBe(true);
        // The spec has no exponent form: 1e21 and 5e-324 are written out digit by digit.
        expect(encodeValue(xmlRpc.double(value))).toMatch(
          /^<value><double>-?\d+\.\d+<\/double><\/value>$/,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses, as XML_INVALID_CHARACTER with the path, a string or member name XML 1.0 cannot carry', () => {
    fc.assert(
      fc.property(
        xmlText(),
        forbiddenChar,
        xmlText(),
        fc.boolean(),
        (before, bad, after, asName) => {
          const text = before + bad + after;
          const input = asName ? { [text]: 1 } : { member: text };
          let thrown: unknown;
          try {
            encodeMethodCall('m', [input]);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(CodecError);
          expect((thrown as CodecError).code).toBe('XML_INVALID_CHARACTER');
          expect((thrown as CodecError).path).toMatch(/^params\[0\]/);
        },
      ),
      RUNS,
    );
  });
});

// Pieces that make random text look like XML-RPC, so the fuzzer reaches past the XML reader.
const TOKENS = [
  '<?xml version="1.0"?>',
  '<methodResponse>',
  '</methodResponse>',
  '<methodCall>',
  '<methodName>',
  '</methodName>',
  '<params>',
  '</params>',
  '<param>',
  '</param>',
  '<fault>',
  '</fault>',
  '<value>',
  '</value>',
  '<value/>',
  '<struct>',
  '</struct>',
  '<member>',
  '</member>',
  '<name>',
  '</name>',
  '<array>',
  '<data>',
  '</data>',
  '</array>',
  '<int>',
  '</int>',
  '<i8>',
  '<double>',
  '<boolean>',
  '<string>',
  '<dateTime.iso8601>',
  '<base64>',
  '<nil/>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<!DOCTYPE x>',
  '&amp;',
  '&#0;',
  '&bogus;',
  '\uFEFF',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    length: fc.nat({ max: 8 }),
    text: fc.oneof(
      fc.constantFrom(...TOKENS),
      xmlText(4),
      forbiddenChar,
      fc.constantFrom('<', '>', '/', '"', '=', '&', '0', '-', 'T', ' '),
    ),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(xml: string, mutations: readonly Mutation[]): string {
  return mutations.reduce((text, change) => {
    const at = change.at % (text.length + 1);
    switch (change.kind) {
      case 'truncate':
        return text.slice(0, at);
      case 'replace':
        return text.slice(0, at) + change.text + text.slice(at + change.length);
      case 'duplicate':
        return text.slice(0, at + change.length) + text.slice(at);
    }
  }, xml);
}

describe('properties: hostile input', () => {
  beforeEach(() => outcomes.clear());
  it('decodes a mutated valid document or refuses it with a CodecError (truncation, flips, splices)', () => {
    fc.assert(
      fc.property(
        typedValue({ maxDepth: 2 }),
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (value, asCall, mutations) => {
          const xml = asCall
            ? encodeMethodCall('DataService.query', ['KEY', value])
            : encodeMethodResponse(value);
          const broken = mutate(xml, mutations);
          returnsOrRefuses(() => decodeMethodResponse(broken));
          returnsOrRefuses(() => decodeMethodCall(broken));
        },
      ),
      { numRuns: 500 },
    );
    // The mutations must reach the XML-RPC layer and the XML reader alike, and leave some documents valid.
    expect(outcomes.get('decoded')).toBeGreaterThan(0);
    expect(outcomes.get('XML_MALFORMED')).toBeGreaterThan(0);
    expect(
      [...outcomes.keys()].filter((code) => code.startsWith('XMLRPC_')),
    ).not.toEqual([]);
  });

  it('decodes any string of XML-RPC-like tokens and characters or refuses it with a CodecError', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(fc.constantFrom(...TOKENS), xmlChar(), forbiddenChar),
          maxLength: 60,
        }),
        (text) => {
          returnsOrRefuses(() => decodeMethodResponse(text));
          returnsOrRefuses(() => decodeMethodCall(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('classifies any fault without throwing, retryable only for throttling, [Loading] and the transient session error', () => {
    fc.assert(
      fc.property(
        int32,
        fc.oneof(
          xmlText(40),
          fc.constantFrom(
            '[InvalidKey]Invalid Key',
            '[RecordNotFound]x',
            '[Loading]x',
            '[',
            '[]',
            '[Tag',
          ),
        ),
        (code, text) => {
          const fault = parseInfusionsoftFault(code, text);
          expect(fault.faultString).toBe(text);
          expect(fault.retryable).toBe(
            ['throttled', 'loading', 'transient'].includes(fault.kind),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('hostile input: pathological documents are refused quickly', () => {
  const big = 1_000_000;
  it.each<[string, string, () => string]>([
    [
      'a million unclosed start tags',
      'XML_TOO_DEEP',
      () => '<value>'.repeat(big / 7),
    ],
    [
      'an unterminated start tag of a megabyte',
      'XML_MALFORMED',
      () => `<value a="${'x'.repeat(big)}`,
    ],
    [
      'a megabyte of ampersands',
      'XML_MALFORMED',
      () => `<methodResponse>${'&'.repeat(big)}</methodResponse>`,
    ],
    ['a million end tags', 'XML_MALFORMED', () => '</value>'.repeat(big / 8)],
    [
      'a million opened comments',
      'XML_MALFORMED',
      () => '<!--'.repeat(big / 4),
    ],
    [
      'a million attributes',
      'XML_MALFORMED',
      () => `<methodResponse${' a="1"'.repeat(big / 6)}/>`,
    ],
    [
      '200,001 empty values',
      'XML_TOO_MANY_ELEMENTS',
      () =>
        `<methodResponse><params><param><value><array><data>${'<value/>'.repeat(200_001)}</data></array></value></param></params></methodResponse>`,
    ],
  ])('%s → %s', (_, code, document) => {
    const xml = document();
    const started = Date.now();
    let thrown: unknown;
    try {
      decodeMethodResponse(xml);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CodecError);
    expect((thrown as CodecError).code).toBe(code);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

function xmlChar(): fc.Arbitrary<string> {
  return xmlText(1).filter((text) => text.length > 0);
}
