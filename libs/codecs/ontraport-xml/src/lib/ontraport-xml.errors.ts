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

export const ONTRAPORT_ERROR_CODES = [
  /** A typed request input the legacy API cannot take (empty key, negative amount, bad id…). */
  'ONTRAPORT_BAD_INPUT',
  /** The response is XML but not a `<result>` document. */
  'ONTRAPORT_BAD_RESPONSE',
  /** A value inside the response cannot be read as its declared type (e.g. a date that is not epoch seconds). */
  'ONTRAPORT_BAD_VALUE',
] as const;

export type XmlErrorCode = (typeof XML_ERROR_CODES)[number];
export type OntraportErrorCode = (typeof ONTRAPORT_ERROR_CODES)[number];
export type CodecErrorCode = XmlErrorCode | OntraportErrorCode;

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly codec = 'ontraport-xml';

  constructor(
    readonly code: CodecErrorCode,
    /** The problem without the code and path prefix. */
    readonly detail: string,
    /** Where in the input or document the problem is, e.g. `contacts[0]["Date Added"]`. */
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
