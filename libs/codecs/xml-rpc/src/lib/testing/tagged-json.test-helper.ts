import { XmlRpcValue } from '../xml-rpc.types';

/**
 * A typed value as JSON that keeps the wire type (`{ "int": 1 }` vs `{ "double": 1 }`), so golden
 * fixtures and the Python interop test can compare exactly. Test support only; not exported.
 */
export type TaggedJson =
  | { int: number }
  | { i8: string }
  | { boolean: boolean }
  | { string: string }
  | { double: number }
  | { dateTime: string; hasZone: boolean }
  | { base64: number[] }
  | { nil: null }
  | { array: TaggedJson[] }
  | { struct: Record<string, TaggedJson> };

export function toTaggedJson(value: XmlRpcValue): TaggedJson {
  switch (value.type) {
    case 'int':
      return { int: value.value };
    case 'i8':
      return { i8: value.value.toString() };
    case 'boolean':
      return { boolean: value.value };
    case 'string':
      return { string: value.value };
    case 'double':
      return { double: value.value };
    case 'dateTime':
      return { dateTime: value.value.toISOString(), hasZone: value.hasZone };
    case 'base64':
      return { base64: Array.from(value.value) };
    case 'nil':
      return { nil: null };
    case 'array':
      return { array: value.value.map(toTaggedJson) };
    case 'struct':
      return {
        struct: Object.fromEntries(
          Object.entries(value.value).map(([name, member]) => [
            name,
            toTaggedJson(member),
          ]),
        ),
      };
  }
}
