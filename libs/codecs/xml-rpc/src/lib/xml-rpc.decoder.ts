import { parseXml, XmlElement, XmlLimits } from '@hub/codecs-xml-core';
import {
  CodecError,
  codecError,
  memberPathOf,
  XML_RPC_CODEC,
} from './xml-rpc.errors';
import {
  parseBase64,
  parseBoolean,
  parseDateTime,
  parseDouble,
  parseI8,
  parseInt32,
} from './xml-rpc.scalars';
import {
  xmlRpc,
  XmlRpcMethodCall,
  XmlRpcPlain,
  XmlRpcResponse,
  XmlRpcValue,
} from './xml-rpc.types';

export interface XmlRpcDecodeOptions {
  /** Overrides of the hostile-input limits (10 MB, depth 64, 200,000 elements by default). */
  readonly limits?: Partial<XmlLimits>;
}

const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

export function decodeMethodCall(
  xml: string,
  options: XmlRpcDecodeOptions = {},
): XmlRpcMethodCall {
  const root = parseXml(xml, options.limits, XML_RPC_CODEC);
  expectName(root, 'methodCall', 'document');
  const children = onlyElements(root, 'methodCall');
  const nameElements = children.filter((child) => child.name === 'methodName');
  const paramsElements = children.filter((child) => child.name === 'params');
  const unexpected = children.find(
    (child) => child.name !== 'methodName' && child.name !== 'params',
  );
  if (
    unexpected !== undefined ||
    nameElements.length !== 1 ||
    paramsElements.length > 1
  ) {
    throw structure(
      'methodCall',
      'expected one <methodName> and at most one <params>',
    );
  }
  const methodName = leafText(nameElements[0], 'methodName').trim();
  if (!METHOD_NAME.test(methodName)) {
    throw codecError(
      'XMLRPC_BAD_METHOD_NAME',
      `"${methodName}" is not a method name`,
      'methodName',
    );
  }
  const typedParams =
    paramsElements.length === 0 ? [] : decodeParams(paramsElements[0]);
  return { methodName, params: typedParams.map(toPlain), typedParams };
}

export function decodeMethodResponse(
  xml: string,
  options: XmlRpcDecodeOptions = {},
): XmlRpcResponse {
  const root = parseXml(xml, options.limits, XML_RPC_CODEC);
  expectName(root, 'methodResponse', 'document');
  const children = onlyElements(root, 'methodResponse');
  if (
    children.length !== 1 ||
    (children[0].name !== 'params' && children[0].name !== 'fault')
  ) {
    throw structure(
      'methodResponse',
      'expected exactly one <params> or <fault>',
    );
  }
  const [body] = children;
  if (body.name === 'fault') {
    return decodeFault(body);
  }
  const params = decodeParams(body);
  if (params.length !== 1) {
    throw structure(
      'params',
      `a response carries exactly one <param>, found ${params.length}`,
    );
  }
  return { kind: 'value', value: toPlain(params[0]), typedValue: params[0] };
}

/** Typed value → plain JS (see `XmlRpcPlain` for the mapping). */
export function toPlain(value: XmlRpcValue): XmlRpcPlain {
  switch (value.type) {
    case 'i8':
      return value.value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        value.value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value.value)
        : value.value;
    case 'array':
      return value.value.map(toPlain);
    case 'struct': {
      const plain: Record<string, XmlRpcPlain> = {};
      for (const [name, member] of Object.entries(value.value)) {
        defineMember(plain, name, toPlain(member));
      }
      return plain;
    }
    default:
      return value.value;
  }
}

function decodeParams(params: XmlElement): XmlRpcValue[] {
  return onlyElements(params, 'params').map((param, index) => {
    const path = `params[${index}]`;
    expectName(param, 'param', path);
    const values = onlyElements(param, path);
    if (values.length !== 1 || values[0].name !== 'value') {
      throw structure(path, '<param> must contain exactly one <value>');
    }
    return decodeValue(values[0], path);
  });
}

function decodeFault(fault: XmlElement): XmlRpcResponse {
  const values = onlyElements(fault, 'fault');
  if (values.length !== 1 || values[0].name !== 'value') {
    throw structure('fault', '<fault> must contain exactly one <value>');
  }
  const value = decodeValue(values[0], 'fault');
  if (value.type !== 'struct') {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      `a fault value must be a struct, got ${value.type}`,
      'fault',
    );
  }
  const { faultCode, faultString } = value.value;
  if (faultCode === undefined || faultString === undefined) {
    throw codecError(
      'XMLRPC_MISSING_MEMBER',
      'a fault needs faultCode and faultString',
      'fault',
    );
  }
  if (faultCode.type !== 'int') {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      `faultCode must be an int, got ${faultCode.type}`,
      'fault.faultCode',
    );
  }
  if (faultString.type !== 'string') {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      `faultString must be a string, got ${faultString.type}`,
      'fault.faultString',
    );
  }
  return {
    kind: 'fault',
    faultCode: faultCode.value,
    faultString: faultString.value,
  };
}

function decodeValue(element: XmlElement, path: string): XmlRpcValue {
  expectName(element, 'value', path);
  // One pass over the children: this runs once per value, the decoder's hottest loop.
  let typed: XmlElement | undefined;
  let several = false;
  let text = '';
  for (const child of element.children) {
    if (typeof child === 'string') {
      text += child;
    } else if (typed === undefined) {
      typed = child;
    } else {
      several = true;
    }
  }
  if (typed === undefined) {
    // An untyped <value>text</value> (or an empty <value/>) is a string, whitespace included.
    return xmlRpc.string(text);
  }
  if (several || text.trim() !== '') {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      '<value> must hold one type element or only text',
      path,
    );
  }
  switch (typed.name) {
    case 'int':
    case 'i4':
      return xmlRpc.int(parseInt32(leafText(typed, path), path));
    case 'i8':
    case 'ex:i8':
      return xmlRpc.i8(parseI8(leafText(typed, path), path));
    case 'boolean':
      return xmlRpc.boolean(parseBoolean(leafText(typed, path), path));
    case 'string':
      return xmlRpc.string(leafText(typed, path));
    case 'double':
      return xmlRpc.double(parseDouble(leafText(typed, path), path));
    case 'dateTime.iso8601': {
      const { value, hasZone } = parseDateTime(leafText(typed, path), path);
      return xmlRpc.dateTime(value, hasZone);
    }
    case 'base64':
      return xmlRpc.base64(parseBase64(leafText(typed, path), path));
    case 'nil':
    case 'ex:nil':
      if (leafText(typed, path).trim() !== '') {
        throw codecError('XMLRPC_BAD_VALUE', '<nil/> must be empty', path);
      }
      return xmlRpc.nil();
    case 'array':
      return decodeArray(typed, path);
    case 'struct':
      return decodeStruct(typed, path);
    default:
      throw codecError(
        'XMLRPC_UNKNOWN_TYPE',
        `<${typed.name}> is not an XML-RPC type`,
        path,
      );
  }
}

function decodeArray(array: XmlElement, path: string): XmlRpcValue {
  const data = onlyElements(array, path);
  if (data.length !== 1 || data[0].name !== 'data') {
    throw codecError(
      'XMLRPC_BAD_VALUE',
      '<array> must contain exactly one <data>',
      path,
    );
  }
  return xmlRpc.array(
    onlyElements(data[0], path).map((item, index) =>
      decodeValue(item, `${path}[${index}]`),
    ),
  );
}

function decodeStruct(struct: XmlElement, path: string): XmlRpcValue {
  const members: Record<string, XmlRpcValue> = {};
  for (const member of onlyElements(struct, path)) {
    if (member.name !== 'member') {
      throw codecError(
        'XMLRPC_BAD_VALUE',
        `<struct> may only contain <member>, found <${member.name}>`,
        path,
      );
    }
    let name: XmlElement | undefined;
    let value: XmlElement | undefined;
    let parts = 0;
    for (const part of onlyElements(member, path)) {
      parts++;
      if (part.name === 'name') {
        name = name === undefined ? part : undefined;
      } else if (part.name === 'value') {
        value = value === undefined ? part : undefined;
      }
    }
    if (name === undefined || value === undefined || parts !== 2) {
      throw codecError(
        'XMLRPC_MISSING_MEMBER',
        '<member> needs exactly one <name> and one <value>',
        path,
      );
    }
    const memberName = leafText(name, path);
    // A repeated member name keeps the last value, as Python's xmlrpc.client does.
    defineMember(
      members,
      memberName,
      decodeValue(value, memberPathOf(path, memberName)),
    );
  }
  return xmlRpc.struct(members);
}

/** Own-property assignment, so a member called `__proto__` is data, not a prototype change. */
function defineMember<T>(
  target: Record<string, T>,
  name: string,
  value: T,
): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    // Plain assignment creates an own data property for every other name (`__proto__` is the only
    // setter on Object.prototype), and is several times cheaper than defineProperty.
    target[name] = value;
  }
}

/** The element children of a container; text between them must be whitespace. */
function onlyElements(element: XmlElement, path: string): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string') {
      elements.push(child);
    } else if (child.trim() !== '') {
      throw structure(path, `<${element.name}> may not contain text`);
    }
  }
  return elements;
}

/** The text of an element that may not contain elements. */
function leafText(element: XmlElement, path: string): string {
  const { children } = element;
  if (children.length === 1 && typeof children[0] === 'string') {
    return children[0];
  }
  let text = '';
  for (const child of children) {
    if (typeof child !== 'string') {
      throw codecError(
        'XMLRPC_BAD_VALUE',
        `<${element.name}> may not contain elements`,
        path,
      );
    }
    text += child;
  }
  return text;
}

function expectName(element: XmlElement, name: string, path: string): void {
  if (element.name !== name) {
    throw structure(path, `expected <${name}>, found <${element.name}>`);
  }
}

function structure(path: string, message: string): CodecError {
  return codecError('XMLRPC_BAD_STRUCTURE', message, path);
}
