/**
 * Every failure of this codec is the shared `CodecError` of `@hub/codecs-xml-core` (one class for
 * every XML codec, re-exported here) with `codec: 'ontraport-xml'` and one of `XML_ERROR_CODES` or
 * these codes, so callers can decide retry vs park by code instead of by message text.
 */
import * as xml from '@hub/codecs-xml-core';

export {
  isCodecError,
  XML_ERROR_CODES,
  type XmlErrorCode,
} from '@hub/codecs-xml-core';

/** The `codec` of every error this codec raises, including those of the XML it reads and writes. */
export const ONTRAPORT_CODEC = 'ontraport-xml';

export const ONTRAPORT_ERROR_CODES = [
  /** A typed request input the legacy API cannot take (empty key, negative amount, bad id…). */
  'ONTRAPORT_BAD_INPUT',
  /** The response is XML but not a `<result>` document. */
  'ONTRAPORT_BAD_RESPONSE',
  /** A value inside the response cannot be read as its declared type (e.g. a date that is not epoch seconds). */
  'ONTRAPORT_BAD_VALUE',
  /** A request form body or its `data` that is not a request of the legacy API (read by simulators). */
  'ONTRAPORT_BAD_REQUEST',
] as const;

export type OntraportErrorCode = (typeof ONTRAPORT_ERROR_CODES)[number];
export type CodecErrorCode = xml.XmlErrorCode | OntraportErrorCode;

/** The shared class; as a type, narrowed to this codec's codes. */
export const CodecError = xml.CodecError;
export type CodecError = xml.CodecError<CodecErrorCode>;
export const codecError =
  xml.codecErrorFactory<CodecErrorCode>(ONTRAPORT_CODEC);
