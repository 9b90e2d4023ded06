export {
  CodecError,
  codecErrorFactory,
  isCodecError,
  XML_CODEC,
  XML_ERROR_CODES,
  type XmlErrorCode,
} from './lib/codec-error';
export {
  childElements,
  DEFAULT_XML_LIMITS,
  escapeXmlAttribute,
  escapeXmlText,
  ownText,
  parseXml,
  type XmlChild,
  type XmlElement,
  type XmlLimits,
} from './lib/safe-xml';
