import { toTaggedJson } from './testing/tagged-json.test-helper';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
} from './xml-rpc.encoder';
import { xmlRpc, XmlRpcInput, XmlRpcPlain, XmlRpcValue } from './xml-rpc.types';

function roundTripTyped(value: XmlRpcValue): XmlRpcValue {
  const response = decodeMethodResponse(encodeMethodResponse(value));
  if (response.kind !== 'value') {
    throw new Error(`expected a value, got fault ${response.faultString}`);
  }
  return response.typedValue;
}

function roundTripPlain(value: XmlRpcInput): XmlRpcPlain {
  const response = decodeMethodResponse(encodeMethodResponse(value));
  if (response.kind !== 'value') {
    throw new Error(`expected a value, got fault ${response.faultString}`);
  }
  return response.value;
}

function utcDate(
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date;
}

const TRICKY_STRINGS = [
  '',
  ' ',
  '  leading and trailing  ',
  `&<>"'`,
  '&amp; is literal text here',
  ']]>',
  '<![CDATA[x]]>',
  'line\nbreak\r\nand\rreturns\tand tabs',
  'Zoë Ångström – “quotes” – 日本語 – 😀👩‍👩‍👧',
  '\u00a0\u2028\u2029\uFFFD',
  'x'.repeat(10_000),
];

describe('round trips (encode → decode) keep every type exactly', () => {
  it.each(
    TRICKY_STRINGS.map((text) => [JSON.stringify(text).slice(0, 40), text]),
  )('string %s', (_, text) => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.string(text)))).toEqual({
      string: text,
    });
    expect(roundTripPlain(text)).toBe(text);
  });

  it.each([0, 1, -1, 2147483647, -2147483648])('int %d', (value) => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.int(value)))).toEqual({
      int: value,
    });
    expect(roundTripPlain(value)).toBe(value);
  });

  it.each([
    '0',
    '-9223372036854775808',
    '9223372036854775807',
    '9007199254740993',
  ])('i8 %s', (text) => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.i8(BigInt(text))))).toEqual({
      i8: text,
    });
  });

  it('i8 decodes to a number when it is a safe integer, to a bigint otherwise', () => {
    expect(roundTripPlain(xmlRpc.i8(42))).toBe(42);
    expect(roundTripPlain(2n ** 62n)).toBe(2n ** 62n);
  });

  it.each([
    0.1,
    1 / 3,
    -123.456,
    47,
    1e21,
    1e-7,
    5e-324,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    2 ** 53 + 2,
    -0,
  ])('double %p keeps its exact value', (value) => {
    const decoded = roundTripTyped(xmlRpc.double(value));
    expect(decoded.type).toBe('double');
    expect(Object.is(decoded.value, value)).toBe(true);
  });

  it.each([true, false])('boolean %p', (value) => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.boolean(value)))).toEqual({
      boolean: value,
    });
    expect(roundTripPlain(value)).toBe(value);
  });

  it.each([
    utcDate(2008, 9, 8),
    utcDate(1970, 1, 1),
    utcDate(1, 1, 1),
    utcDate(9999, 12, 31, 23, 59, 59),
    utcDate(2024, 2, 29, 12, 30, 45),
  ])('dateTime %p', (date) => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.dateTime(date)))).toEqual({
      dateTime: date.toISOString(),
      hasZone: false,
    });
    expect(roundTripPlain(date)).toEqual(date);
  });

  it('dateTime drops milliseconds, which the wire form cannot carry', () => {
    expect(roundTripPlain(new Date('2008-09-08T01:02:03.999Z'))).toEqual(
      new Date('2008-09-08T01:02:03.000Z'),
    );
  });

  it.each([
    [[]],
    [[0]],
    [[0, 1, 2, 253, 254, 255]],
    [Array.from({ length: 1000 }, (_, i) => (i * 37) % 256)],
  ])('base64 of %#', (bytes) => {
    const decoded = roundTripTyped(xmlRpc.base64(Uint8Array.from(bytes)));
    expect(decoded.type).toBe('base64');
    expect(Array.from(decoded.value as Uint8Array)).toEqual(bytes);
    expect(roundTripPlain(Buffer.from(bytes))).toEqual(Uint8Array.from(bytes));
  });

  it('nil', () => {
    expect(toTaggedJson(roundTripTyped(xmlRpc.nil()))).toEqual({ nil: null });
    expect(roundTripPlain(null)).toBeNull();
  });

  it('array and struct, nested, with every type inside', () => {
    const value = xmlRpc.struct({
      int: xmlRpc.int(1),
      i8: xmlRpc.i8(2n ** 40n),
      double: xmlRpc.double(2),
      boolean: xmlRpc.boolean(true),
      string: xmlRpc.string('Zoë & <co>'),
      dateTime: xmlRpc.dateTime(utcDate(2020, 1, 2, 3, 4, 5)),
      base64: xmlRpc.base64(Uint8Array.from([1, 2, 3])),
      nil: xmlRpc.nil(),
      'member name with spaces & symbols <>': xmlRpc.array([
        xmlRpc.array([]),
        xmlRpc.struct({}),
        xmlRpc.string(''),
      ]),
    });
    expect(toTaggedJson(roundTripTyped(value))).toEqual(toTaggedJson(value));
  });

  it('plain JS structures come back as they went in', () => {
    const plain = {
      Id: 16,
      ProductPrice: 47.5,
      Active: false,
      Tags: ['a', 'b'],
      DateCreated: utcDate(2012, 11, 7, 14, 3, 12),
      Avatar: Uint8Array.from([137, 80, 78, 71]),
      Note: null,
      Nested: { Deeper: { Deepest: 'x' } },
    };
    expect(roundTripPlain(plain)).toEqual(plain);
  });

  it('a member named __proto__ decodes as an own property, not a prototype', () => {
    const decoded = roundTripPlain(
      xmlRpc.struct({ ['__proto__']: xmlRpc.string('x') }),
    ) as Record<string, XmlRpcPlain>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toBe(
      'x',
    );
  });

  it('method calls keep their name and parameters', () => {
    const params: XmlRpcInput[] = [
      'KEY',
      2,
      'Order for Tim',
      utcDate(2008, 9, 8),
      0,
      0,
    ];
    const call = decodeMethodCall(
      encodeMethodCall('InvoiceService.createBlankOrder', params),
    );
    expect(call.methodName).toBe('InvoiceService.createBlankOrder');
    expect(call.params).toEqual(params);
    expect(call.typedParams.map((param) => param.type)).toEqual([
      'string',
      'int',
      'string',
      'dateTime',
      'int',
      'int',
    ]);
  });

  it('method calls without parameters', () => {
    expect(
      decodeMethodCall(encodeMethodCall('DataService.getUserInfo')),
    ).toEqual({
      methodName: 'DataService.getUserInfo',
      params: [],
      typedParams: [],
    });
  });

  it('faults keep code and string', () => {
    expect(
      decodeMethodResponse(encodeFault(2, '[InvalidKey]Invalid Key & <more>')),
    ).toEqual({
      kind: 'fault',
      faultCode: 2,
      faultString: '[InvalidKey]Invalid Key & <more>',
    });
  });
});
