/**
 * fast-check arbitraries for XML-RPC values, shared by the property tests and the Python interop
 * test. Test support only; not exported.
 */
import fc from 'fast-check';
import { xmlRpc, XmlRpcInput, XmlRpcValue } from '../xml-rpc.types';

/** One character XML 1.0 can carry, biased towards what breaks naive escaping. */
export const xmlChar: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '&',
      '<',
      '>',
      '"',
      "'",
      '\r',
      '\n',
      '\t',
      ' ',
      ']',
      ';',
      '#',
    ),
  },
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(fromCode) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map(fromCode),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map(fromCode),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map(fromCode),
  },
);

/** Text made of `xmlChar`s, with markup-looking runs mixed in. */
export const xmlText = (maxLength = 24): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 8, arbitrary: xmlChar },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ']]>',
          '&amp;',
          '<![CDATA[',
          '&#13;',
          '\r\n',
        ),
      },
    ),
    maxLength,
  });

/** A code point XML 1.0 cannot carry: C0 controls other than tab/LF/CR, U+FFFE/F, lone surrogates. */
export const forbiddenChar: fc.Arbitrary<string> = fc.oneof(
  fc
    .integer({ min: 0, max: 0x1f })
    .filter((code) => code !== 0x09 && code !== 0x0a && code !== 0x0d)
    .map(fromCode),
  fc.constantFrom('\uFFFE', '\uFFFF'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map(fromCode),
);

export const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
export const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** Every finite double: -0, subnormals, MAX_VALUE and all between. */
export const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Whole seconds (the wire form has no fraction) between years `minYear` and 9999, UTC. */
export const wireDate = (minYear = 0): fc.Arbitrary<Date> =>
  fc
    .date({
      min: utcYearStart(minYear),
      max: new Date('9999-12-31T23:59:59.000Z'),
      noInvalidDate: true,
    })
    .map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));

export interface TypedValueOptions {
  /** Smallest dateTime year (Python's datetime starts at 1). */
  readonly minYear?: number;
  /** i8 range; Python can write back only 32-bit integers. */
  readonly i8?: fc.Arbitrary<bigint>;
  readonly maxDepth?: number;
}

/** Any typed value, nested up to `maxDepth` arrays/structs, every scalar type at every level. */
export function typedValue(
  options: TypedValueOptions = {},
): fc.Arbitrary<XmlRpcValue> {
  const scalar: fc.Arbitrary<XmlRpcValue> = fc.oneof(
    int32.map(xmlRpc.int),
    (options.i8 ?? int64).map((value) => xmlRpc.i8(value)),
    fc.boolean().map(xmlRpc.boolean),
    xmlText().map(xmlRpc.string),
    finiteDouble.map(xmlRpc.double),
    wireDate(options.minYear).map((date) => xmlRpc.dateTime(date)),
    fc.uint8Array({ maxLength: 40 }).map(xmlRpc.base64),
    fc.constant(xmlRpc.nil()),
  );
  const { value } = fc.letrec<{ value: XmlRpcValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: options.maxDepth ?? 3 },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }).map(xmlRpc.array),
      fc
        .array(fc.tuple(xmlText(12), tie('value')), { maxLength: 4 })
        .map((members) => xmlRpc.struct(struct(members))),
    ),
  }));
  return value;
}

/** Plain JS input whose inferred wire type is unambiguous (no integral double outside int32). */
export function plainValue(): fc.Arbitrary<XmlRpcInput> {
  const scalar: fc.Arbitrary<XmlRpcInput> = fc.oneof(
    int32,
    finiteDouble.filter((value) => !Number.isInteger(value)),
    int64,
    fc.boolean(),
    xmlText(),
    wireDate(),
    fc.uint8Array({ maxLength: 40 }),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: XmlRpcInput }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(xmlText(12), tie('value')), { maxLength: 4 })
        .map(struct),
    ),
  }));
  return value;
}

export const methodName = fc.stringMatching(/^[A-Za-z0-9_.:/]{1,30}$/);

/** Members as own data properties, so a generated `__proto__` name is a member like any other. */
function struct<T>(
  members: readonly (readonly [string, T])[],
): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [name, value] of members) {
    Object.defineProperty(result, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function fromCode(code: number): string {
  return String.fromCodePoint(code);
}

function utcYearStart(year: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date;
}
