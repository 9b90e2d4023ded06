/**
 * Every failure of this codec is a `CodecError` with one of these codes, so callers can decide
 * retry vs park by code instead of by message text.
 */
export const XML_ERROR_CODES = [
  'XML_TOO_LARGE',
  'XML_TOO_DEEP',
  'XML_TOO_MANY_ELEMENTS',
  'XML_DOCTYPE_FORBIDDEN',
  'XML_MALFORMED',
  'XML_INVALID_CHARACTER',
] as const;

export const XML_RPC_ERROR_CODES = [
  'XMLRPC_BAD_STRUCTURE',
  'XMLRPC_BAD_METHOD_NAME',
  'XMLRPC_UNKNOWN_TYPE',
  'XMLRPC_BAD_VALUE',
  'XMLRPC_MISSING_MEMBER',
] as const;

export type XmlErrorCode = (typeof XML_ERROR_CODES)[number];
export type XmlRpcErrorCode = (typeof XML_RPC_ERROR_CODES)[number];
export type CodecErrorCode = XmlErrorCode | XmlRpcErrorCode;

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly codec = 'xml-rpc';

  constructor(
    readonly code: CodecErrorCode,
    /** The problem without the code and path prefix. */
    readonly detail: string,
    /** Where in the document or input the problem is, e.g. `params[0].Email`; absent for document-level errors. */
    readonly path?: string,
  ) {
    super(
      path === undefined
        ? `${code}: ${detail}`
        : `${code} at ${path}: ${detail}`,
    );
  }

  /** The same error located at `path` (used when a helper that knows no path raised it). */
  at(path: string): CodecError {
    return this.path === undefined
      ? new CodecError(this.code, this.detail, path)
      : this;
  }
}

export function isCodecError(error: unknown): error is CodecError {
  return error instanceof CodecError;
}

/** `params[0].Email`, or `params[0]["First Name"]` when the member name is not an identifier. */
export function memberPathOf(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name)
    ? `${path}.${name}`
    : `${path}[${JSON.stringify(name)}]`;
}
