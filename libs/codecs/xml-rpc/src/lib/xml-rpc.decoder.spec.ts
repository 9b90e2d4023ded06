import { toTaggedJson } from './testing/tagged-json.test-helper';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import { CodecError, CodecErrorCode } from './xml-rpc.errors';

const response = (value: string): string =>
  `<?xml version="1.0"?><methodResponse><params><param>${value}</param></params></methodResponse>`;

function decodeTagged(value: string): unknown {
  const decoded = decodeMethodResponse(response(value));
  if (decoded.kind !== 'value') {
    throw new Error('expected a value');
  }
  return toTaggedJson(decoded.typedValue);
}

function codeOf(run: () => unknown): CodecErrorCode {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
    return (error as CodecError).code;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

describe('decodeMethodResponse: scalar forms', () => {
  it.each([
    ['<value><i4>7</i4></value>', { int: 7 }],
    ['<value><int>-7</int></value>', { int: -7 }],
    ['<value><int> 007 </int></value>', { int: 7 }],
    ['<value><int>-0</int></value>', { int: 0 }],
    ['<value><i8>123</i8></value>', { i8: '123' }],
    ['<value><boolean>1</boolean></value>', { boolean: true }],
    ['<value><boolean> 0 </boolean></value>', { boolean: false }],
    ['<value><boolean>true</boolean></value>', { boolean: true }],
    ['<value><boolean>FALSE</boolean></value>', { boolean: false }],
    ['<value><double>.5</double></value>', { double: 0.5 }],
    ['<value><double>-1.</double></value>', { double: -1 }],
    ['<value><double>1e-07</double></value>', { double: 1e-7 }],
    ['<value><double>2E3</double></value>', { double: 2000 }],
    ['<value>untyped text</value>', { string: 'untyped text' }],
    ['<value> </value>', { string: ' ' }],
    ['<value/>', { string: '' }],
    ['<value></value>', { string: '' }],
    ['<value><string/></value>', { string: '' }],
    [
      '<value><string> keep \n whitespace </string></value>',
      { string: ' keep \n whitespace ' },
    ],
    ['<value>\n  <string>x</string>\n</value>', { string: 'x' }],
    ['<value><nil/></value>', { nil: null }],
    ['<value><ex:nil/></value>', { nil: null }],
    [
      '<value><base64>SGVs\n bG8=</base64></value>',
      { base64: [72, 101, 108, 108, 111] },
    ],
    ['<value><array><data/></array></value>', { array: [] }],
    ['<value><struct/></value>', { struct: {} }],
    [
      '<value><struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct></value>',
      { struct: { a: { string: '2' } } },
    ],
    [
      '<value><struct><member><value><int>1</int></value><name>reversed</name></member></struct></value>',
      { struct: { reversed: { int: 1 } } },
    ],
  ])('%s', (xml, expected) => {
    expect(decodeTagged(xml)).toEqual(expected);
  });

  it.each([
    ['20080908T00:00:00', '2008-09-08T00:00:00.000Z', false],
    ['20080908T000000', '2008-09-08T00:00:00.000Z', false],
    ['2008-09-08T00:00:00', '2008-09-08T00:00:00.000Z', false],
    [' 2008-09-08T23:59:59 ', '2008-09-08T23:59:59.000Z', false],
    ['2008-09-08T00:00:00Z', '2008-09-08T00:00:00.000Z', true],
    ['2008-09-08T00:00:00+02:00', '2008-09-07T22:00:00.000Z', true],
    ['2008-09-08T00:00:00-0530', '2008-09-08T05:30:00.000Z', true],
    ['2008-09-08T00:00:00+01', '2008-09-07T23:00:00.000Z', true],
    ['2008-09-08T00:00:00.5Z', '2008-09-08T00:00:00.500Z', true],
    ['2008-09-08T00:00:00,123456Z', '2008-09-08T00:00:00.123Z', true],
    ['20240229T12:00:00', '2024-02-29T12:00:00.000Z', false],
    ['00010101T00:00:00', '0001-01-01T00:00:00.000Z', false],
  ])('dateTime %s', (text, iso, hasZone) => {
    expect(
      decodeTagged(
        `<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`,
      ),
    ).toEqual({ dateTime: iso, hasZone });
  });

  it.each([
    '2008-0908T00:00:00',
    '20080908T00:0000',
    '20080908 00:00:00',
    '20080908',
    '20081308T00:00:00',
    '20080900T00:00:00',
    '20230229T00:00:00',
    '20080908T24:00:00',
    '20080908T23:60:00',
    '20080908T23:59:60',
    '20080908T00:00:00+24:00',
    '20080908T00:00:00 Z',
    '',
  ])('refuses the dateTime %j', (text) => {
    expect(
      codeOf(() =>
        decodeTagged(
          `<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`,
        ),
      ),
    ).toBe('XMLRPC_BAD_VALUE');
  });

  it.each([
    ['<value><int></int></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><int>1.0</int></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><int>9007199254740993</int></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><i8>9223372036854775808</i8></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><boolean>yes</boolean></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><double>1e400</double></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><double>inf</double></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><double>0x10</double></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><base64>SGk</base64></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><base64>S=Gk</base64></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><nil>x</nil></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><string><b/></string></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><int>1</int><int>2</int></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><array><value>1</value></array></value>', 'XMLRPC_BAD_VALUE'],
    ['<value><array><data>x</data></array></value>', 'XMLRPC_BAD_STRUCTURE'],
    ['<value><struct><name>a</name></struct></value>', 'XMLRPC_BAD_VALUE'],
    [
      '<value><struct><member><name>a</name><name>b</name><value/></member></struct></value>',
      'XMLRPC_MISSING_MEMBER',
    ],
    [
      '<value><dateTime>20080908T00:00:00</dateTime></value>',
      'XMLRPC_UNKNOWN_TYPE',
    ],
  ])('refuses %s with %s', (xml, code) => {
    expect(codeOf(() => decodeTagged(xml))).toBe(code);
  });

  it('reports where in the document a bad value is', () => {
    try {
      decodeTagged(
        '<value><struct><member><name>Items</name><value><array><data><value><int>x</int></value></data></array></value></member></struct></value>',
      );
      throw new Error('expected a CodecError');
    } catch (error) {
      expect((error as CodecError).path).toBe('params[0].Items[0]');
    }
  });
});

describe('decodeMethodResponse: envelope', () => {
  it('returns plain values next to the typed ones', () => {
    const decoded = decodeMethodResponse(
      response(
        '<value><struct><member><name>Id</name><value><i4>3</i4></value></member></struct></value>',
      ),
    );
    expect(decoded).toEqual({
      kind: 'value',
      value: { Id: 3 },
      typedValue: expect.objectContaining({ type: 'struct' }),
    });
  });

  it('returns faults as data, not exceptions', () => {
    const xml =
      '<methodResponse><fault><value><struct><member><name>faultString</name><value><string>No such handler: InvoiceService.addBlankOrder</string></value></member>' +
      '<member><name>faultCode</name><value><int>0</int></value></member></struct></value></fault></methodResponse>';
    expect(decodeMethodResponse(xml)).toEqual({
      kind: 'fault',
      faultCode: 0,
      faultString: 'No such handler: InvoiceService.addBlankOrder',
    });
  });

  it.each([
    ['<methodResponse/>', 'XMLRPC_BAD_STRUCTURE'],
    ['<methodResponse><params/></methodResponse>', 'XMLRPC_BAD_STRUCTURE'],
    [
      '<methodResponse><params><param/></params></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodResponse><params><param><value>a</value><value>b</value></param></params></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodResponse><params><value>a</value></params></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodResponse><params><param><value>a</value></param></params><fault/></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodResponse>text<params><param><value>a</value></param></params></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    ['<methodResponse><fault/></methodResponse>', 'XMLRPC_BAD_STRUCTURE'],
    [
      '<methodResponse><fault><value>oops</value></fault></methodResponse>',
      'XMLRPC_BAD_VALUE',
    ],
    [
      '<methodResponse><fault><value><struct><member><name>faultCode</name><value>2</value></member><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>',
      'XMLRPC_BAD_VALUE',
    ],
    [
      '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>2</int></value></member><member><name>faultString</name><value><int>1</int></value></member></struct></value></fault></methodResponse>',
      'XMLRPC_BAD_VALUE',
    ],
    [
      '<methodCall><methodName>x</methodName></methodCall>',
      'XMLRPC_BAD_STRUCTURE',
    ],
  ])('refuses %s with %s', (xml, code) => {
    expect(codeOf(() => decodeMethodResponse(xml))).toBe(code);
  });

  it('applies caller limits', () => {
    const xml = response(
      '<value><array><data><value><array><data><value>x</value></data></array></value></data></array></value>',
    );
    expect(
      codeOf(() => decodeMethodResponse(xml, { limits: { maxDepth: 8 } })),
    ).toBe('XML_TOO_DEEP');
    expect(
      decodeMethodResponse(xml, { limits: { maxDepth: 10 } }),
    ).toMatchObject({ kind: 'value', value: [['x']] });
    expect(
      codeOf(() => decodeMethodResponse(xml, { limits: { maxBytes: 100 } })),
    ).toBe('XML_TOO_LARGE');
    expect(
      codeOf(() => decodeMethodResponse(xml, { limits: { maxElements: 9 } })),
    ).toBe('XML_TOO_MANY_ELEMENTS');
    expect(
      decodeMethodResponse(xml, { limits: { maxElements: 10 } }),
    ).toMatchObject({ kind: 'value' });
  });
});

describe('decodeMethodCall', () => {
  it('reads the method name (trimmed) and parameters', () => {
    const call = decodeMethodCall(
      '<methodCall>\n <methodName> ContactService.addToGroup </methodName>\n <params><param><value>KEY</value></param><param><value><i4>16</i4></value></param><param><value><int>91</int></value></param></params></methodCall>',
    );
    expect(call.methodName).toBe('ContactService.addToGroup');
    expect(call.params).toEqual(['KEY', 16, 91]);
  });

  it('accepts a call without params', () => {
    expect(
      decodeMethodCall(
        '<methodCall><methodName>DataService.getUserInfo</methodName></methodCall>',
      ).params,
    ).toEqual([]);
  });

  it.each([
    ['<methodCall><params/></methodCall>', 'XMLRPC_BAD_STRUCTURE'],
    [
      '<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodCall><methodName>a</methodName><params/><params/></methodCall>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodCall><methodName>a</methodName><extra/></methodCall>',
      'XMLRPC_BAD_STRUCTURE',
    ],
    [
      '<methodCall><methodName></methodName></methodCall>',
      'XMLRPC_BAD_METHOD_NAME',
    ],
    [
      '<methodCall><methodName><b>x</b></methodName></methodCall>',
      'XMLRPC_BAD_VALUE',
    ],
    [
      '<methodResponse><params><param><value>a</value></param></params></methodResponse>',
      'XMLRPC_BAD_STRUCTURE',
    ],
  ])('refuses %s with %s', (xml, code) => {
    expect(codeOf(() => decodeMethodCall(xml))).toBe(code);
  });
});
