/**
 * Every failure of this codec is the shared `CodecError` of `@hub/codecs-xml-core` (one class for
 * every XML codec, re-exported here) with `codec: 'xml-rpc'` and one of `XML_ERROR_CODES` or these
 * codes, so callers can decide retry vs park by code instead of by message text.
 */
import * as xml from '@hub/codecs-xml-core';

export {
  isCodecError,
  XML_ERROR_CODES,
  type XmlErrorCode,
} from '@hub/codecs-xml-core';

export const XML_RPC_ERROR_CODES = [
  'XMLRPC_BAD_STRUCTURE',
  'XMLRPC_BAD_METHOD_NAME',
  'XMLRPC_UNKNOWN_TYPE',
  'XMLRPC_BAD_VALUE',
  'XMLRPC_MISSING_MEMBER',
] as const;

export type XmlRpcErrorCode = (typeof XML_RPC_ERROR_CODES)[number];
export type CodecErrorCode = xml.XmlErrorCode | XmlRpcErrorCode;

/** The `codec` of every error this codec raises, including those of the XML it reads and writes. */
export const XML_RPC_CODEC = 'xml-rpc';

/** The shared class; as a type, narrowed to this codec's codes. */
export const CodecError = xml.CodecError;
export type CodecError = xml.CodecError<CodecErrorCode>;
export const codecError = xml.codecErrorFactory<CodecErrorCode>(XML_RPC_CODEC);

/** `params[0].Email`, or `params[0]["First Name"]` when the member name is not an identifier. */
export function memberPathOf(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name)
    ? `${path}.${name}`
    : `${path}[${JSON.stringify(name)}]`;
}
