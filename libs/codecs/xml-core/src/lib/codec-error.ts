/**
 * The one error type of the XML codecs. Every codec declares its own codes (`XMLRPC_…`,
 * `ONTRAPORT_…`) next to the XML reading codes below, and throws this class, so `instanceof
 * CodecError` and `isCodecError` hold whichever codec (or safe-xml itself) raised it and callers
 * decide retry vs park by `code` instead of by message text.
 */
export const XML_ERROR_CODES = [
  'XML_TOO_LARGE',
  'XML_TOO_DEEP',
  'XML_TOO_MANY_ELEMENTS',
  'XML_DOCTYPE_FORBIDDEN',
  'XML_MALFORMED',
  'XML_INVALID_CHARACTER',
] as const;

export type XmlErrorCode = (typeof XML_ERROR_CODES)[number];

/** The `codec` of errors raised by safe-xml when the caller does not name its codec. */
export const XML_CODEC = 'xml';

export class CodecError<
  Code extends string = string,
  Codec extends string = string,
> extends Error {
  override readonly name = 'CodecError';

  constructor(
    /** Which codec raised it, e.g. `xml-rpc`, `ontraport-xml`, or `xml` for safe-xml on its own. */
    readonly codec: Codec,
    readonly code: Code,
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
  at(path: string): CodecError<Code, Codec> {
    return this.path === undefined
      ? new CodecError(this.codec, this.code, this.detail, path)
      : this;
  }
}

export function isCodecError(error: unknown): error is CodecError {
  return error instanceof CodecError;
}

/**
 * How one codec raises its errors: `(code, detail, path?)` → a `CodecError` carrying `codec`, with
 * the code checked against that codec's `Code` union at compile time.
 */
export function codecErrorFactory<Code extends string>(
  codec: string,
): (code: Code, detail: string, path?: string) => CodecError<Code> {
  return (code, detail, path) => new CodecError(codec, code, detail, path);
}
