import { CodecError, CodecErrorCode } from './xml-rpc.errors';
import {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  encodeValue,
} from './xml-rpc.encoder';
import { xmlRpc, XmlRpcInput } from './xml-rpc.types';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function utcDate(
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
  seconds = 0,
  ms = 0,
): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

function failure(run: () => unknown): CodecError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
    return error as CodecError;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

describe('encodeValue', () => {
  it.each<[string, XmlRpcInput, string]>([
    ['string', 'Tim', '<string>Tim</string>'],
    ['empty string', '', '<string></string>'],
    [
      'escaped string',
      `a&b<c>d"e'f\r`,
      '<string>a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;</string>',
    ],
    [
      'unicode string (raw UTF-8)',
      'Zoë 日本語 😀',
      '<string>Zoë 日本語 😀</string>',
    ],
    ['integer number → int', 3, '<int>3</int>'],
    ['negative zero → int 0', -0, '<int>0</int>'],
    ['int32 bounds', -2147483648, '<int>-2147483648</int>'],
    ['fraction → double', 47.5, '<double>47.5</double>'],
    ['forced double', xmlRpc.double(47), '<double>47.0</double>'],
    ['forced int', xmlRpc.int(47), '<int>47</int>'],
    [
      'large double without exponent',
      xmlRpc.double(1e21),
      '<double>1000000000000000000000.0</double>',
    ],
    ['small double without exponent', 1.5e-7, '<double>0.00000015</double>'],
    ['negative small double', -2.5e-7, '<double>-0.00000025</double>'],
    ['negative zero double', xmlRpc.double(-0), '<double>-0.0</double>'],
    ['bigint → i8', 9007199254740993n, '<i8>9007199254740993</i8>'],
    ['forced i8 from a number', xmlRpc.i8(-5), '<i8>-5</i8>'],
    ['true', true, '<boolean>1</boolean>'],
    ['false', xmlRpc.boolean(false), '<boolean>0</boolean>'],
    ['forced string', xmlRpc.string('12'), '<string>12</string>'],
    [
      'Date (UTC, Infusionsoft form, milliseconds dropped)',
      utcDate(2008, 9, 8, 1, 2, 3, 456),
      '<dateTime.iso8601>20080908T01:02:03</dateTime.iso8601>',
    ],
    [
      'Date in year 5',
      xmlRpc.dateTime(utcDate(5, 1, 2)),
      '<dateTime.iso8601>00050102T00:00:00</dateTime.iso8601>',
    ],
    [
      'Uint8Array → base64',
      new Uint8Array([0, 1, 254, 255]),
      '<base64>AAH+/w==</base64>',
    ],
    ['Buffer → base64', Buffer.from('Hi'), '<base64>SGk=</base64>'],
    [
      'a view into a larger buffer',
      Buffer.from('xHiy').subarray(1, 3),
      '<base64>SGk=</base64>',
    ],
    ['empty bytes', xmlRpc.base64(new Uint8Array()), '<base64></base64>'],
    ['null → nil', null, '<nil/>'],
    ['forced nil', xmlRpc.nil(), '<nil/>'],
    [
      'array',
      [1, 'a'],
      '<array><data><value><int>1</int></value><value><string>a</string></value></data></array>',
    ],
    ['empty array', [], '<array><data></data></array>'],
    [
      'typed array',
      xmlRpc.array([xmlRpc.double(1)]),
      '<array><data><value><double>1.0</double></value></data></array>',
    ],
    [
      'struct, undefined members left out',
      { a: 1, skip: undefined },
      '<struct><member><name>a</name><value><int>1</int></value></member></struct>',
    ],
    [
      'struct member names escaped',
      { 'a<b': true },
      '<struct><member><name>a&lt;b</name><value><boolean>1</boolean></value></member></struct>',
    ],
    [
      'typed values inside plain structs',
      { price: xmlRpc.double(47) },
      '<struct><member><name>price</name><value><double>47.0</double></value></member></struct>',
    ],
    [
      'a plain struct shaped like a typed value stays a struct',
      { type: 'int', value: 'x' },
      '<struct><member><name>type</name><value><string>int</string></value></member><member><name>value</name><value><string>x</string></value></member></struct>',
    ],
    [
      'typed struct',
      xmlRpc.struct({ n: xmlRpc.nil() }),
      '<struct><member><name>n</name><value><nil/></value></member></struct>',
    ],
  ])('%s', (_, input, inner) => {
    expect(encodeValue(input)).toBe(`<value>${inner}</value>`);
  });

  it('encodes a null-prototype object as a struct', () => {
    const bare = Object.create(null) as Record<string, XmlRpcInput>;
    bare['x'] = 'y';
    expect(encodeValue(bare)).toBe(
      '<value><struct><member><name>x</name><value><string>y</string></value></member></struct></value>',
    );
  });

  it('encodes the same object twice when it is shared but not circular', () => {
    const shared = { a: 1 };
    expect(encodeValue([shared, shared])).toBe(
      '<value><array><data>' +
        '<value><struct><member><name>a</name><value><int>1</int></value></member></struct></value>'.repeat(
          2,
        ) +
        '</data></array></value>',
    );
  });

  describe('refuses what XML-RPC cannot carry, with the path', () => {
    const circularArray: XmlRpcInput[] = [];
    circularArray.push(circularArray);
    const circularStruct: Record<string, XmlRpcInput> = {};
    circularStruct['self'] = circularStruct;

    it.each<[string, unknown, CodecErrorCode, string]>([
      ['NaN', NaN, 'XMLRPC_BAD_VALUE', 'params[0]'],
      ['Infinity', { a: [Infinity] }, 'XMLRPC_BAD_VALUE', 'params[0].a[0]'],
      ['an integer beyond int32', 2 ** 31, 'XMLRPC_BAD_VALUE', 'params[0]'],
      [
        'a forced int with a fraction',
        xmlRpc.int(1.5),
        'XMLRPC_BAD_VALUE',
        'params[0]',
      ],
      ['a bigint beyond 64 bits', 2n ** 63n, 'XMLRPC_BAD_VALUE', 'params[0]'],
      ['undefined', undefined, 'XMLRPC_BAD_VALUE', 'params[0]'],
      [
        'undefined in an array',
        [1, undefined],
        'XMLRPC_BAD_VALUE',
        'params[0][1]',
      ],
      ['a function', () => 1, 'XMLRPC_BAD_VALUE', 'params[0]'],
      ['a symbol', Symbol('s'), 'XMLRPC_BAD_VALUE', 'params[0]'],
      ['a Map', new Map(), 'XMLRPC_BAD_VALUE', 'params[0]'],
      [
        'a class instance',
        { 'First Name': new (class Money {})() },
        'XMLRPC_BAD_VALUE',
        'params[0]["First Name"]',
      ],
      ['a circular array', circularArray, 'XMLRPC_BAD_VALUE', 'params[0][0]'],
      [
        'a circular struct',
        circularStruct,
        'XMLRPC_BAD_VALUE',
        'params[0].self',
      ],
      ['an invalid Date', new Date(NaN), 'XMLRPC_BAD_VALUE', 'params[0]'],
      [
        'a year after 9999',
        utcDate(10000, 1, 1),
        'XMLRPC_BAD_VALUE',
        'params[0]',
      ],
      [
        'a control character in a string',
        { a: 'x\u0000' },
        'XML_INVALID_CHARACTER',
        'params[0].a',
      ],
      [
        'a lone surrogate in a member name',
        { '\uD800': 1 },
        'XML_INVALID_CHARACTER',
        'params[0]["\\ud800"]',
      ],
    ])('%s', (_, input, code, path) => {
      const error = failure(() =>
        encodeMethodCall('m', [input as XmlRpcInput]),
      );
      expect(error.code).toBe(code);
      expect(error.path).toBe(path);
    });

    it('refuses a forced i8 from a non-integer number', () => {
      expect(failure(() => xmlRpc.i8(1.5)).code).toBe('XMLRPC_BAD_VALUE');
    });
  });
});

describe('encodeMethodCall', () => {
  it('writes the envelope with the key first, as Infusionsoft expects', () => {
    expect(
      encodeMethodCall('ContactService.add', [
        'KEY',
        { FirstName: 'Tim', Email: 't@example.com' },
      ]),
    ).toBe(
      `${DECLARATION}<methodCall><methodName>ContactService.add</methodName><params>` +
        '<param><value><string>KEY</string></value></param>' +
        '<param><value><struct>' +
        '<member><name>FirstName</name><value><string>Tim</string></value></member>' +
        '<member><name>Email</name><value><string>t@example.com</string></value></member>' +
        '</struct></value></param>' +
        '</params></methodCall>',
    );
  });

  it('writes an empty params element when there are no parameters', () => {
    expect(encodeMethodCall('DataService.getUserInfo')).toBe(
      `${DECLARATION}<methodCall><methodName>DataService.getUserInfo</methodName><params></params></methodCall>`,
    );
  });

  it.each(['', 'Contact Service.add', 'a<b', 'é'])(
    'refuses the method name %j',
    (name) => {
      expect(failure(() => encodeMethodCall(name)).code).toBe(
        'XMLRPC_BAD_METHOD_NAME',
      );
    },
  );

  it('accepts every character the spec allows in a method name', () => {
    expect(encodeMethodCall('a.B_9:/z')).toContain(
      '<methodName>a.B_9:/z</methodName>',
    );
  });
});

describe('encodeMethodResponse', () => {
  it('wraps exactly one value', () => {
    expect(encodeMethodResponse(8)).toBe(
      `${DECLARATION}<methodResponse><params><param><value><int>8</int></value></param></params></methodResponse>`,
    );
  });
});

describe('encodeFault', () => {
  it('writes the fault struct', () => {
    expect(encodeFault(5, '[RecordNotFound]Record was not found')).toBe(
      `${DECLARATION}<methodResponse><fault><value><struct>` +
        '<member><name>faultCode</name><value><int>5</int></value></member>' +
        '<member><name>faultString</name><value><string>[RecordNotFound]Record was not found</string></value></member>' +
        '</struct></value></fault></methodResponse>',
    );
  });

  it('refuses a non-integer fault code', () => {
    const error = failure(() => encodeFault(2.5, 'x'));
    expect(error.code).toBe('XMLRPC_BAD_VALUE');
    expect(error.path).toBe('fault.faultCode');
  });
});
