/**
 * Interoperability with an independent implementation: Python 3's standard `xmlrpc.client`
 * (expat underneath). Python reads what we write, and we read what Python writes.
 */
import { execFileSync } from 'node:child_process';
import { toTaggedJson } from './testing/tagged-json.test-helper';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import { encodeMethodCall } from './xml-rpc.encoder';
import { xmlRpc, XmlRpcInput } from './xml-rpc.types';

function python(script: string, stdin = ''): string {
  return execFileSync('python3', ['-c', script], {
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    timeout: 20_000,
  });
}

// Python's view of a value as JSON that keeps the type; ints as strings so 64-bit values stay exact.
const PY_TAGGED = `
import datetime
def tag(v):
    if isinstance(v, bool): return {"boolean": v}
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"double": v}
    if isinstance(v, str): return {"string": v}
    if isinstance(v, datetime.datetime): return {"dateTime": v.isoformat()}
    if isinstance(v, (bytes, bytearray)): return {"base64": list(v)}
    if v is None: return {"nil": None}
    if isinstance(v, (list, tuple)): return {"array": [tag(x) for x in v]}
    if isinstance(v, dict): return {"struct": {k: tag(x) for k, x in v.items()}}
    raise TypeError(type(v))
`;

const UNICODE =
  'Zoë & <Ångström> "quoted" \'single\' – 日本語 – 😀 ]]> \r\n\ttab';

describe('interoperability with Python xmlrpc.client', () => {
  it('Python decodes what we encode: a nested struct with every type and unicode', () => {
    const params: XmlRpcInput[] = [
      'KEY',
      {
        int: 42,
        negative: xmlRpc.int(-2147483648),
        i8: 9223372036854775807n,
        double: 47.5,
        wholeDouble: xmlRpc.double(47),
        tiny: 1.5e-7,
        huge: xmlRpc.double(1e21),
        yes: true,
        no: false,
        text: UNICODE,
        empty: '',
        when: new Date('2008-09-08T13:14:15Z'),
        bytes: Uint8Array.from([0, 1, 127, 128, 254, 255]),
        nothing: null,
        list: [1, 'two', [3.25], {}],
        nested: { 'deeper key with spaces': { deepest: [UNICODE] } },
      },
    ];
    const xml = encodeMethodCall('ContactService.add', params);

    const script = `${PY_TAGGED}
import sys, json, xmlrpc.client
params, method = xmlrpc.client.loads(sys.stdin.read(), use_builtin_types=True)
print(json.dumps({"method": method, "params": [tag(p) for p in params]}))
`;
    const fromPython: unknown = JSON.parse(python(script, xml));

    expect(fromPython).toEqual({
      method: 'ContactService.add',
      params: [
        { string: 'KEY' },
        {
          struct: {
            int: { int: '42' },
            negative: { int: '-2147483648' },
            i8: { int: '9223372036854775807' },
            double: { double: 47.5 },
            wholeDouble: { double: 47 },
            tiny: { double: 1.5e-7 },
            huge: { double: 1e21 },
            yes: { boolean: true },
            no: { boolean: false },
            text: { string: UNICODE },
            empty: { string: '' },
            when: { dateTime: '2008-09-08T13:14:15' },
            bytes: { base64: [0, 1, 127, 128, 254, 255] },
            nothing: { nil: null },
            list: {
              array: [
                { int: '1' },
                { string: 'two' },
                { array: [{ double: 3.25 }] },
                { struct: {} },
              ],
            },
            nested: {
              struct: {
                'deeper key with spaces': {
                  struct: { deepest: { array: [{ string: UNICODE }] } },
                },
              },
            },
          },
        },
      ],
    });
  });

  it('we decode what Python encodes: a response with every type Python writes and unicode', () => {
    const script = `
import sys, datetime, xmlrpc.client
text = "Zo\\u00eb & <\\u00c5ngstr\\u00f6m> \\"quoted\\" 'single' \\u2013 \\u65e5\\u672c\\u8a9e \\u2013 \\U0001F600 ]]> \\ttab"
value = {
    "int": 42,
    "negative": -2147483648,
    "double": 3.25,
    "tiny": 1e-07,
    "exponent": 1e100,
    "yes": True,
    "no": False,
    "text": text,
    "empty": "",
    "when": datetime.datetime(2008, 9, 8, 13, 14, 15),
    "bytes": b"\\x00\\x01\\x7f\\x80\\xfe\\xff" * 30,
    "nothing": None,
    "list": [1, "two", [3.5], {}],
    "nested": {"deeper key with spaces": {"deepest": [text]}},
}
sys.stdout.write(xmlrpc.client.dumps((value,), methodresponse=True, allow_none=True))
`;
    const xml = python(script);
    const decoded = decodeMethodResponse(xml);
    if (decoded.kind !== 'value') {
      throw new Error(`expected a value, got ${JSON.stringify(decoded)}`);
    }
    const text = 'Zoë & <Ångström> "quoted" \'single\' – 日本語 – 😀 ]]> \ttab';
    const bytes = Array.from({ length: 30 }, () => [
      0, 1, 127, 128, 254, 255,
    ]).flat();

    expect(toTaggedJson(decoded.typedValue)).toEqual({
      struct: {
        int: { int: 42 },
        negative: { int: -2147483648 },
        double: { double: 3.25 },
        tiny: { double: 1e-7 },
        exponent: { double: 1e100 },
        yes: { boolean: true },
        no: { boolean: false },
        text: { string: text },
        empty: { string: '' },
        when: { dateTime: '2008-09-08T13:14:15.000Z', hasZone: false },
        bytes: { base64: bytes },
        nothing: { nil: null },
        list: {
          array: [
            { int: 1 },
            { string: 'two' },
            { array: [{ double: 3.5 }] },
            { struct: {} },
          ],
        },
        nested: {
          struct: {
            'deeper key with spaces': {
              struct: { deepest: { array: [{ string: text }] } },
            },
          },
        },
      },
    });
  });

  it('we decode a method call and a fault written by Python', () => {
    const call = decodeMethodCall(
      python(`
import sys, xmlrpc.client
sys.stdout.write(xmlrpc.client.dumps(("KEY", 16, ["Email", "FirstName"]), methodname="ContactService.load"))
`),
    );
    expect(call).toMatchObject({
      methodName: 'ContactService.load',
      params: ['KEY', 16, ['Email', 'FirstName']],
    });

    const fault = decodeMethodResponse(
      python(`
import sys, xmlrpc.client
sys.stdout.write(xmlrpc.client.dumps(xmlrpc.client.Fault(5, "[RecordNotFound]Record was not found <&>"), methodresponse=True))
`),
    );
    expect(fault).toEqual({
      kind: 'fault',
      faultCode: 5,
      faultString: '[RecordNotFound]Record was not found <&>',
    });
  });
});
