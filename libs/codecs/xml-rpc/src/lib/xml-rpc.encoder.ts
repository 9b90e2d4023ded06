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
  const encoded = params.map(
    (param, index) => `<param>${valueAt(param, `params[${index}]`)}</param>`,
  );
  return `${XML_DECLARATION}<methodCall><methodName>${methodName}</methodName><params>${encoded.join('')}</params></methodCall>`;
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

function valueAt(input: XmlRpcInput, path: string): string {
  return `<value>${encodeInner(input, path, new Set())}</value>`;
}

function assertMethodName(methodName: string): void {
  if (typeof methodName !== 'string' || !METHOD_NAME.test(methodName)) {
    throw codecError(
      'XMLRPC_BAD_METHOD_NAME',
      `"${String(methodName)}" is not a method name (letters, digits, _ . : / only)`,
    );
  }
}

function encodeInner(
  input: XmlRpcInput | undefined,
  path: string,
  ancestors: Set<object>,
): string {
  if (isXmlRpcValue(input)) {
    return encodeTyped(input, path, ancestors);
  }
  switch (typeof input) {
    case 'string':
      return `<string>${text(input, path)}</string>`;
    case 'number':
      return Number.isInteger(input)
        ? `<int>${formatInt(input, path)}</int>`
        : `<double>${formatDouble(input, path)}</double>`;
    case 'bigint':
      return `<i8>${formatI8(input, path)}</i8>`;
    case 'boolean':
      return `<boolean>${formatBoolean(input)}</boolean>`;
    case 'object':
      break;
    default:
      throw codecError(
        'XMLRPC_BAD_VALUE',
        `${typeof input} has no XML-RPC representation`,
        path,
      );
  }
  if (input === null) {
    return '<nil/>';
  }
  if (input instanceof Date) {
    return `<dateTime.iso8601>${formatDateTime(input, path)}</dateTime.iso8601>`;
  }
  if (input instanceof Uint8Array) {
    return `<base64>${formatBase64(input)}</base64>`;
  }
  return withCycleCheck(input, path, ancestors, () => {
    if (Array.isArray(input)) {
      const items = (input as readonly XmlRpcInput[]).map(
        (item, index) =>
          `<value>${encodeInner(item, `${path}[${index}]`, ancestors)}</value>`,
      );
      return `<array><data>${items.join('')}</data></array>`;
    }
    const prototype: unknown = Object.getPrototypeOf(input);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind =
        (input as { constructor?: { name?: string } }).constructor?.name ??
        'object';
      throw codecError(
        'XMLRPC_BAD_VALUE',
        `${kind} has no XML-RPC representation`,
        path,
      );
    }
    const members = Object.entries(
      input as Record<string, XmlRpcInput | undefined>,
    )
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => encodeMember(name, value, path, ancestors));
    return `<struct>${members.join('')}</struct>`;
  });
}

function encodeTyped(
  value: XmlRpcValue,
  path: string,
  ancestors: Set<object>,
): string {
  switch (value.type) {
    case 'int':
      return `<int>${formatInt(value.value, path)}</int>`;
    case 'i8':
      return `<i8>${formatI8(value.value, path)}</i8>`;
    case 'boolean':
      return `<boolean>${formatBoolean(value.value === true)}</boolean>`;
    case 'string':
      return `<string>${text(String(value.value), path)}</string>`;
    case 'double':
      return `<double>${formatDouble(value.value, path)}</double>`;
    case 'dateTime':
      if (!(value.value instanceof Date)) {
        throw codecError('XMLRPC_BAD_VALUE', 'dateTime needs a Date', path);
      }
      return `<dateTime.iso8601>${formatDateTime(value.value, path)}</dateTime.iso8601>`;
    case 'base64':
      if (!(value.value instanceof Uint8Array)) {
        throw codecError('XMLRPC_BAD_VALUE', 'base64 needs a Uint8Array', path);
      }
      return `<base64>${formatBase64(value.value)}</base64>`;
    case 'nil':
      return '<nil/>';
    case 'array':
      return withCycleCheck(value.value, path, ancestors, () => {
        const items = value.value.map(
          (item, index) =>
            `<value>${encodeInner(item, `${path}[${index}]`, ancestors)}</value>`,
        );
        return `<array><data>${items.join('')}</data></array>`;
      });
    case 'struct':
      return withCycleCheck(value.value, path, ancestors, () => {
        const members = Object.entries(value.value).map(([name, member]) =>
          encodeMember(name, member, path, ancestors),
        );
        return `<struct>${members.join('')}</struct>`;
      });
  }
}

function encodeMember(
  name: string,
  value: XmlRpcInput | undefined,
  path: string,
  ancestors: Set<object>,
): string {
  const memberPath = memberPathOf(path, name);
  return `<member><name>${text(name, memberPath)}</name><value>${encodeInner(value, memberPath, ancestors)}</value></member>`;
}

function withCycleCheck(
  container: object,
  path: string,
  ancestors: Set<object>,
  encode: () => string,
): string {
  if (ancestors.has(container)) {
    throw codecError('XMLRPC_BAD_VALUE', 'circular reference', path);
  }
  ancestors.add(container);
  try {
    return encode();
  } finally {
    ancestors.delete(container);
  }
}

function text(value: string, path: string): string {
  try {
    return escapeXmlText(value, XML_RPC_CODEC);
  } catch (error) {
    throw error instanceof CodecError ? error.at(path) : error;
  }
}
