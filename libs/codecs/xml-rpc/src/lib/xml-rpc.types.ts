/**
 * The XML-RPC value model. A `XmlRpcValue` says exactly which wire type to use; plain JS values
 * (`XmlRpcInput`) are inferred. Typed values carry a symbol brand so that a plain struct that
 * happens to have `type` and `value` keys is never mistaken for one.
 */
import { codecError } from './xml-rpc.errors';

export const XML_RPC_TYPED: unique symbol = Symbol.for(
  '@hub/codecs-xml-rpc/typed',
);

interface Typed {
  readonly [XML_RPC_TYPED]: true;
}

/** `<int>` / `<i4>` (32-bit signed). */
export interface XmlRpcInt extends Typed {
  readonly type: 'int';
  readonly value: number;
}
/** `<i8>` (64-bit signed, an extension understood by Apache XML-RPC and Python). */
export interface XmlRpcI8 extends Typed {
  readonly type: 'i8';
  readonly value: bigint;
}
export interface XmlRpcBoolean extends Typed {
  readonly type: 'boolean';
  readonly value: boolean;
}
export interface XmlRpcString extends Typed {
  readonly type: 'string';
  readonly value: string;
}
export interface XmlRpcDouble extends Typed {
  readonly type: 'double';
  readonly value: number;
}
/**
 * `<dateTime.iso8601>`. The wire form usually has no zone (Infusionsoft: `20080908T00:00:00`);
 * such wall-clock times are read as UTC and `hasZone` is false, so the caller can apply the
 * account's zone if it knows it.
 */
export interface XmlRpcDateTime extends Typed {
  readonly type: 'dateTime';
  readonly value: Date;
  readonly hasZone: boolean;
}
export interface XmlRpcBase64 extends Typed {
  readonly type: 'base64';
  readonly value: Uint8Array;
}
export interface XmlRpcArray extends Typed {
  readonly type: 'array';
  readonly value: readonly XmlRpcValue[];
}
export interface XmlRpcStruct extends Typed {
  readonly type: 'struct';
  readonly value: Readonly<Record<string, XmlRpcValue>>;
}
export interface XmlRpcNil extends Typed {
  readonly type: 'nil';
  readonly value: null;
}

export type XmlRpcValue =
  | XmlRpcInt
  | XmlRpcI8
  | XmlRpcBoolean
  | XmlRpcString
  | XmlRpcDouble
  | XmlRpcDateTime
  | XmlRpcBase64
  | XmlRpcArray
  | XmlRpcStruct
  | XmlRpcNil;

export type XmlRpcType = XmlRpcValue['type'];

/**
 * What the encoder accepts. Inference: string → string, integer number → int, other number →
 * double, bigint → i8, boolean → boolean, Date → dateTime.iso8601, Uint8Array/Buffer → base64,
 * array → array, plain object → struct (members whose value is `undefined` are left out),
 * null → nil. Typed values may be mixed in anywhere.
 */
export type XmlRpcInput =
  | XmlRpcValue
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | null
  | readonly XmlRpcInput[]
  | { readonly [member: string]: XmlRpcInput | undefined };

/**
 * What decoding gives back as plain JS: int/i4/double → number, i8 → number when it is a safe
 * integer and bigint otherwise, dateTime → Date, base64 → Uint8Array, nil → null.
 */
export type XmlRpcPlain =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | null
  | XmlRpcPlain[]
  | { [member: string]: XmlRpcPlain };

export interface XmlRpcMethodCall {
  readonly methodName: string;
  readonly params: XmlRpcPlain[];
  /** The same parameters with their wire types, for callers that must not lose int vs double. */
  readonly typedParams: XmlRpcValue[];
}

export type XmlRpcResponse =
  | {
      readonly kind: 'value';
      readonly value: XmlRpcPlain;
      readonly typedValue: XmlRpcValue;
    }
  | {
      readonly kind: 'fault';
      readonly faultCode: number;
      readonly faultString: string;
    };

/**
 * The brand lives on the prototype, so it is not an own property (spreading a typed value gives a
 * plain object) and making a value costs one small allocation: decoding makes one per `<value>`.
 */
class Branded {
  constructor(
    readonly type: XmlRpcType,
    readonly value: unknown,
  ) {}
}
Object.defineProperty(Branded.prototype, XML_RPC_TYPED, {
  value: true,
  enumerable: false,
});

class BrandedDateTime extends Branded {
  constructor(
    value: Date,
    readonly hasZone: boolean,
  ) {
    super('dateTime', value);
  }
}

const brand = <T extends XmlRpcValue>(type: T['type'], value: T['value']): T =>
  Object.freeze(new Branded(type, value)) as unknown as T;

function toBigInt(value: bigint | number): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      `i8 needs a safe integer or a bigint, got ${value}`,
    );
  }
  return BigInt(value);
}

const NIL = brand<XmlRpcNil>('nil', null);

/** Factories for typed values, for when JS inference would pick the wrong wire type. */
export const xmlRpc = {
  int: (value: number): XmlRpcInt => brand<XmlRpcInt>('int', value),
  i8: (value: bigint | number): XmlRpcI8 =>
    brand<XmlRpcI8>('i8', toBigInt(value)),
  boolean: (value: boolean): XmlRpcBoolean =>
    brand<XmlRpcBoolean>('boolean', value),
  string: (value: string): XmlRpcString => brand<XmlRpcString>('string', value),
  double: (value: number): XmlRpcDouble => brand<XmlRpcDouble>('double', value),
  dateTime: (value: Date, hasZone = false): XmlRpcDateTime =>
    Object.freeze(
      new BrandedDateTime(value, hasZone),
    ) as unknown as XmlRpcDateTime,
  base64: (value: Uint8Array): XmlRpcBase64 =>
    brand<XmlRpcBase64>('base64', value),
  array: (value: readonly XmlRpcValue[]): XmlRpcArray =>
    brand<XmlRpcArray>('array', value),
  struct: (value: Readonly<Record<string, XmlRpcValue>>): XmlRpcStruct =>
    brand<XmlRpcStruct>('struct', value),
  nil: (): XmlRpcNil => NIL,
} as const;

export function isXmlRpcValue(value: unknown): value is XmlRpcValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Partial<Record<typeof XML_RPC_TYPED, unknown>>)[XML_RPC_TYPED] ===
      true
  );
}
