/**
 * Interoperability with an independent implementation: Python 3's standard `xmlrpc.client`
 * (expat underneath). Python reads what we write, and we read what Python writes.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { TaggedJson, toTaggedJson } from './testing/tagged-json.test-helper';
import { int32, typedValue } from './testing/xml-rpc.arbitraries.test-helper';
import { decodeMethodCall, decodeMethodResponse } from './xml-rpc.decoder';
import {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
} from './xml-rpc.encoder';
import { xmlRpc, XmlRpcInput, XmlRpcValue } from './xml-rpc.types';

function python(script: string, stdin = ''): string {
  return execFileSync('python3', ['-c', script], {
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
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

/** Python's tagged view (PY_TAGGED) of a value we encode: ints as strings, dates as naive ISO. */
function pythonView(value: XmlRpcValue): unknown {
  switch (value.type) {
    case 'int':
    case 'i8':
      return { int: value.value.toString() };
    case 'dateTime':
      return { dateTime: value.value.toISOString().replace(/\.000Z$/, '') };
    case 'array':
      return { array: value.value.map(pythonView) };
    case 'struct':
      return {
        struct: Object.fromEntries(
          Object.entries(value.value).map(([name, member]) => [
            name,
            pythonView(member),
          ]),
        ),
      };
    default:
      return toTaggedJson(value);
  }
}

/**
 * What comes back when Python writes a value it read from us: its ints are `<int>` (it cannot write
 * i8), and it writes a carriage return literally, which every XML reader turns into a line feed.
 */
function afterPythonEcho(value: TaggedJson): TaggedJson {
  const lines = (text: string): string => text.replace(/\r\n?/g, '\n');
  if ('i8' in value) {
    return { int: Number(value.i8) };
  }
  if ('string' in value) {
    return { string: lines(value.string) };
  }
  if ('array' in value) {
    return { array: value.array.map(afterPythonEcho) };
  }
  if ('struct' in value) {
    return {
      struct: Object.fromEntries(
        Object.entries(value.struct).map(([name, member]) => [
          lines(name),
          afterPythonEcho(member),
        ]),
      ),
    };
  }
  return value;
}

describe('interoperability with Python: generated values (fast-check)', () => {
  it('Python reads every generated value exactly as we wrote it, and we read back what it writes', () => {
    // Python's datetime starts at year 1 and it can write only 32-bit integers back.
    const values = fc.sample(
      typedValue({ minYear: 1, i8: int32.map(BigInt) }),
      { numRuns: 150 },
    );
    const fullRange = fc.sample(typedValue({ minYear: 1 }), { numRuns: 150 });
    const script = `${PY_TAGGED}
import sys, json, xmlrpc.client
out = []
for index, line in enumerate(sys.stdin.read().split("\\n")):
    params, _ = xmlrpc.client.loads(json.loads(line), use_builtin_types=True)
    # Only the first batch goes back: Python cannot write the 64-bit integers of the second.
    echo = xmlrpc.client.dumps(params, allow_none=True) if index == 0 else None
    out.append({"tagged": [tag(p) for p in params], "echo": echo})
print(json.dumps(out))
`;
    const lines = [values, fullRange].map((batch) =>
      JSON.stringify(encodeMethodCall('echo', batch)),
    );
    const [echoed, read] = JSON.parse(python(script, lines.join('\n'))) as {
      tagged: unknown[];
      echo: string | null;
    }[];

    expect(echoed.tagged).toEqual(values.map(pythonView));
    expect(read.tagged).toEqual(fullRange.map(pythonView));
    const back = decodeMethodCall(
      `<?xml version="1.0"?><methodCall><methodName>echo</methodName>${(echoed.echo ?? '').replace(/^<\?xml[^>]*>/, '')}</methodCall>`,
    );
    expect(back.typedParams.map(toTaggedJson)).toEqual(
      values.map((value) => afterPythonEcho(toTaggedJson(value))),
    );
  });
});

describe('interoperability with Python: faults, large values, xmlrpc.server', () => {
  it('Python reads our methodResponse and our fault', () => {
    const script = `${PY_TAGGED}
import sys, json, xmlrpc.client
value, fault = json.loads(sys.stdin.read())
(result,), _ = xmlrpc.client.loads(value, use_builtin_types=True)
try:
    xmlrpc.client.loads(fault)
    raised = None
except xmlrpc.client.Fault as error:
    raised = [error.faultCode, error.faultString]
print(json.dumps({"value": tag(result), "fault": raised}))
`;
    const value = {
      Successful: false,
      Message: 'Zoë & <Ångström> \r\n 😀',
      OrderId: 74,
      Total: xmlRpc.double(1234.5),
      RefNum: xmlRpc.i8(2n ** 40n),
      When: new Date('2008-09-08T00:00:00Z'),
      Items: [{ Qty: 2 }, null],
    };
    const fromPython: unknown = JSON.parse(
      python(
        script,
        JSON.stringify([
          encodeMethodResponse(value),
          encodeFault(6, '[Loading]Error loading follow-up sequence <&>'),
        ]),
      ),
    );
    expect(fromPython).toEqual({
      value: {
        struct: {
          Successful: { boolean: false },
          Message: { string: 'Zoë & <Ångström> \r\n 😀' },
          OrderId: { int: '74' },
          Total: { double: 1234.5 },
          RefNum: { int: String(2n ** 40n) },
          When: { dateTime: '2008-09-08T00:00:00' },
          Items: { array: [{ struct: { Qty: { int: '2' } } }, { nil: null }] },
        },
      },
      fault: [6, '[Loading]Error loading follow-up sequence <&>'],
    });
  });

  it('large values both ways: a megabyte of unicode, 20,000 array items, 300 KB of base64, extreme numbers and dates', () => {
    const text = 'Zoë–日本語😀&<>'.repeat(80_000);
    const bytes = Uint8Array.from(
      { length: 300_000 },
      (_, i) => (i * 31) % 256,
    );
    const numbers = Array.from({ length: 20_000 }, (_, i) => i - 10_000);
    const extremes = [
      xmlRpc.double(Number.MAX_VALUE),
      xmlRpc.double(5e-324),
      xmlRpc.double(-0),
      xmlRpc.int(-(2 ** 31)),
      xmlRpc.int(2 ** 31 - 1),
      xmlRpc.i8(-(2n ** 63n)),
      xmlRpc.i8(2n ** 63n - 1n),
      xmlRpc.dateTime(new Date('0001-01-01T00:00:00Z')),
      xmlRpc.dateTime(new Date('9999-12-31T23:59:59Z')),
    ];
    const script = `
import sys, json, datetime, xmlrpc.client
params, _ = xmlrpc.client.loads(sys.stdin.read(), use_builtin_types=True)
text, data, numbers, extremes = params
summary = {
    "text": text == "Zo\\u00eb\\u2013\\u65e5\\u672c\\u8a9e\\U0001F600&<>" * 80000,
    "bytes": data == bytes((i * 31) % 256 for i in range(300000)),
    "numbers": numbers == list(range(-10000, 10000)),
    "extremes": [repr(x) for x in extremes],
}
# Back again, as Python writes them (without the i8 values, which it cannot write).
reply = xmlrpc.client.dumps(((text, data, numbers, extremes[:5] + extremes[7:]),), methodresponse=True, allow_none=True)
print(json.dumps({"summary": summary, "reply": reply}))
`;
    const out = JSON.parse(
      python(
        script,
        encodeMethodCall('bulk', [text, bytes, numbers, extremes]),
      ),
    ) as { summary: unknown; reply: string };
    expect(out.summary).toEqual({
      text: true,
      bytes: true,
      numbers: true,
      extremes: [
        '1.7976931348623157e+308',
        '5e-324',
        '-0.0',
        '-2147483648',
        '2147483647',
        '-9223372036854775808',
        '9223372036854775807',
        'datetime.datetime(1, 1, 1, 0, 0)',
        'datetime.datetime(9999, 12, 31, 23, 59, 59)',
      ],
    });

    const reply = decodeMethodResponse(out.reply);
    if (reply.kind !== 'value') {
      throw new Error('expected a value');
    }
    const [backText, backBytes, backNumbers, backExtremes] = reply.value as [
      string,
      Uint8Array,
      number[],
      unknown[],
    ];
    expect(backText === text).toBe(true);
    expect(Buffer.from(backBytes).equals(Buffer.from(bytes))).toBe(true);
    expect(backNumbers).toEqual(numbers);
    expect(backExtremes).toEqual([
      Number.MAX_VALUE,
      5e-324,
      -0,
      -(2 ** 31),
      2 ** 31 - 1,
      new Date('0001-01-01T00:00:00Z'),
      new Date('9999-12-31T23:59:59Z'),
    ]);
  });

  it("Python's xmlrpc.server dispatches our calls, and we read its responses and faults", () => {
    const script = `
import sys, json, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCDispatcher
dispatcher = SimpleXMLRPCDispatcher(allow_none=True, encoding="utf-8", use_builtin_types=True)
def echo(*args):
    return list(args)
def throttled(*args):
    raise xmlrpc.client.Fault(0, "Server encountered exception: com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled")
def broken(*args):
    raise ValueError("no such contact")
dispatcher.register_function(echo, "ContactService.echo")
dispatcher.register_function(throttled, "DataService.query")
dispatcher.register_function(broken, "ContactService.load")
print(json.dumps([dispatcher._marshaled_dispatch(call.encode("utf-8")).decode("utf-8") for call in json.loads(sys.stdin.read())]))
`;
    const params: XmlRpcInput[] = [
      'KEY',
      {
        Email: 'zoë@example.com',
        Groups: [1, 2],
        Born: new Date('1980-02-29T12:00:00Z'),
        Note: null,
      },
      xmlRpc.double(47),
      true,
      Uint8Array.from([0, 255]),
    ];
    const calls = [
      encodeMethodCall('ContactService.echo', params),
      encodeMethodCall('DataService.query', ['KEY', 'Contact']),
      encodeMethodCall('ContactService.load', ['KEY', 1, ['Id']]),
      encodeMethodCall('InvoiceService.addBlankOrder', ['KEY']),
    ];
    const [echo, throttled, broken, unknown] = (
      JSON.parse(python(script, JSON.stringify(calls))) as string[]
    ).map((xml) => decodeMethodResponse(xml));

    expect(echo).toMatchObject({
      kind: 'value',
      value: [
        'KEY',
        {
          Email: 'zoë@example.com',
          Groups: [1, 2],
          Born: new Date('1980-02-29T12:00:00Z'),
          Note: null,
        },
        47,
        true,
        Uint8Array.from([0, 255]),
      ],
    });
    expect(
      echo.kind === 'value' && toTaggedJson(echo.typedValue),
    ).toMatchObject({
      array: [
        { string: 'KEY' },
        { struct: {} },
        { double: 47 },
        { boolean: true },
        { base64: [0, 255] },
      ],
    });
    expect(throttled).toEqual({
      kind: 'fault',
      faultCode: 0,
      faultString:
        'Server encountered exception: com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled',
    });
    expect(broken).toEqual({
      kind: 'fault',
      faultCode: 1,
      faultString: "<class 'ValueError'>:no such contact",
    });
    expect(unknown).toEqual({
      kind: 'fault',
      faultCode: 1,
      faultString:
        '<class \'Exception\'>:method "InvoiceService.addBlankOrder" is not supported',
    });
  });
});
