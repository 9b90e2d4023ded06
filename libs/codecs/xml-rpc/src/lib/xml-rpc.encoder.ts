import { escapeXmlText } from '@hub/codecs-xml-core';
import {
  CodecError,
  codecError,
  memberPathOf,
  XML_RPC_CODEC,
} from './xml-rpc.errors';
import {
  formatBase64,
  formatBoolean,
  formatDateTime,
  formatDouble,
  formatI8,
  formatInt,
} from './xml-rpc.scalars';
import {
  isXmlRpcValue,
  xmlRpc,
  XmlRpcInput,
  XmlRpcValue,
} from './xml-rpc.types';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
// The spec's method-name alphabet: letters, digits, underscore, dot, colon and slash.
const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

export function encodeMethodCall(
  methodName: string,
  params: readonly XmlRpcInput[] = [],
): string {
  assertMethodName(methodName);
  if (!Array.isArray(params)) {
    throw codecError('XMLRPC_BAD_VALUE', 'params must be an array');
  }
  let xml = `${XML_DECLARATION}<methodCall><methodName>${methodName}</methodName><params>`;
  for (let index = 0; index < params.length; index++) {
    xml += `<param>${valueAt(params[index], `params[${index}]`)}</param>`;
  }
  return `${xml}</params></methodCall>`;
}

export function encodeMethodResponse(value: XmlRpcInput): string {
  return `${XML_DECLARATION}<methodResponse><params><param>${valueAt(value, 'params[0]')}</param></params></methodResponse>`;
}

export function encodeFault(faultCode: number, faultString: string): string {
  const code = valueAt(xmlRpc.int(faultCode), 'fault.faultCode');
  const text = valueAt(String(faultString), 'fault.faultString');
  return (
    `${XML_DECLARATION}<methodResponse><fault><value><struct>` +
    `<member><name>faultCode</name>${code}</member>` +
    `<member><name>faultString</name>${text}</member>` +
    `</struct></value></fault></methodResponse>`
  );
}

/** One `<value>…</value>` element, for callers assembling their own envelopes. */
export function encodeValue(input: XmlRpcInput): string {
  return valueAt(input, 'value');
}

/*
 * Paths are built only when something fails: each container catches the error of a child and
 * prefixes its own step (`[2]`, `.Email`), so a successful encode never formats a path.
 */
function valueAt(input: XmlRpcInput, path: string): string {
  try {
    return `<value>${encodeInner(input, new Set())}</value>`;
  } catch (error) {
    throw locate(error, path);
  }
}

function locate(error: unknown, step: string): unknown {
  return error instanceof CodecError
    ? new CodecError(
        error.codec,
        error.code,
        error.detail,
        step + (error.path ?? ''),
      )
    : error;
}

function assertMethodName(methodName: string): void {
  if (typeof methodName !== 'string' || !METHOD_NAME.test(methodName)) {
    throw codecError(
      'XMLRPC_BAD_METHOD_NAME',
      `"${String(methodName)}" is not a method name (letters, digits, _ . : / only)`,
    );
  }
}

/** The content of one `<value>`; errors carry the path below this value (empty here). */
function encodeInner(
  input: XmlRpcInput | undefined,
  ancestors: Set<object>,
): string {
  switch (typeof input) {
    case 'string':
      return `<string>${text(input)}</string>`;
    case 'number':
      return Number.isInteger(input)
        ? `<int>${formatInt(input, '')}</int>`
        : `<double>${formatDouble(input, '')}</double>`;
    case 'bigint':
      return `<i8>${formatI8(input, '')}</i8>`;
    case 'boolean':
      return `<boolean>${formatBoolean(input)}</boolean>`;
    case 'object':
      break;
    default:
      throw codecError(
        'XMLRPC_BAD_VALUE',
        `${typeof input} has no XML-RPC representation`,
      );
  }
  if (input === null) {
    return '<nil/>';
  }
  if (isXmlRpcValue(input)) {
    return encodeTyped(input, ancestors);
  }
  if (input instanceof Date) {
    return `<dateTime.iso8601>${formatDateTime(input, '')}</dateTime.iso8601>`;
  }
  if (input instanceof Uint8Array) {
    return `<base64>${formatBase64(input)}</base64>`;
  }
  if (Array.isArray(input)) {
    return encodeArray(input as readonly XmlRpcInput[], ancestors);
  }
  const prototype: unknown = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) {
    const kind =
      (input as { constructor?: { name?: string } }).constructor?.name ??
      'object';
    throw codecError(
      'XMLRPC_BAD_VALUE',
      `${kind} has no XML-RPC representation`,
    );
  }
  return encodeStruct(
    input as Readonly<Record<string, XmlRpcInput | undefined>>,
    ancestors,
  );
}

function encodeTyped(value: XmlRpcValue, ancestors: Set<object>): string {
  switch (value.type) {
    case 'int':
      return `<int>${formatInt(value.value, '')}</int>`;
    case 'i8':
      return `<i8>${formatI8(value.value, '')}</i8>`;
    case 'boolean':
      return `<boolean>${formatBoolean(value.value === true)}</boolean>`;
    case 'string':
      return `<string>${text(String(value.value))}</string>`;
    case 'double':
      return `<double>${formatDouble(value.value, '')}</double>`;
    case 'dateTime':
      if (!(value.value instanceof Date)) {
        throw codecError('XMLRPC_BAD_VALUE', 'dateTime needs a Date');
      }
      return `<dateTime.iso8601>${formatDateTime(value.value, '')}</dateTime.iso8601>`;
    case 'base64':
      if (!(value.value instanceof Uint8Array)) {
        throw codecError('XMLRPC_BAD_VALUE', 'base64 needs a Uint8Array');
      }
      return `<base64>${formatBase64(value.value)}</base64>`;
    case 'nil':
      return '<nil/>';
    case 'array':
      return encodeArray(value.value, ancestors);
    case 'struct':
      return encodeStruct(value.value, ancestors);
  }
}

function encodeArray(
  items: readonly (XmlRpcInput | undefined)[],
  ancestors: Set<object>,
): string {
  enter(items, ancestors);
  let xml = '<array><data>';
  for (let index = 0; index < items.length; index++) {
    try {
      xml += `<value>${encodeInner(items[index], ancestors)}</value>`;
    } catch (error) {
      throw locate(error, `[${index}]`);
    }
  }
  ancestors.delete(items);
  return `${xml}</data></array>`;
}

/** Members in insertion order; `undefined` members are left out. */
function encodeStruct(
  members: Readonly<Record<string, XmlRpcInput | undefined>>,
  ancestors: Set<object>,
): string {
  enter(members, ancestors);
  let xml = '<struct>';
  for (const name of Object.keys(members)) {
    const member = members[name];
    if (member === undefined) {
      continue;
    }
    try {
      xml += `<member><name>${text(name)}</name><value>${encodeInner(member, ancestors)}</value></member>`;
    } catch (error) {
      throw locate(error, memberPathOf('', name));
    }
  }
  ancestors.delete(members);
  return `${xml}</struct>`;
}

/** Refuses a container that contains itself; the caller removes it from `ancestors` when done. */
function enter(container: object, ancestors: Set<object>): void {
  if (ancestors.has(container)) {
    throw codecError('XMLRPC_BAD_VALUE', 'circular reference');
  }
  ancestors.add(container);
}

function text(value: string): string {
  return escapeXmlText(value, XML_RPC_CODEC);
}
