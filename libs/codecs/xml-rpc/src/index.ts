export {
  CodecError,
  isCodecError,
  XML_ERROR_CODES,
  XML_RPC_ERROR_CODES,
  type CodecErrorCode,
  type XmlErrorCode,
  type XmlRpcErrorCode,
} from './lib/xml-rpc.errors';
export { DEFAULT_XML_LIMITS, type XmlLimits } from '@hub/codecs-xml-core';
export {
  isXmlRpcValue,
  xmlRpc,
  XML_RPC_TYPED,
  type XmlRpcArray,
  type XmlRpcBase64,
  type XmlRpcBoolean,
  type XmlRpcDateTime,
  type XmlRpcDouble,
  type XmlRpcI8,
  type XmlRpcInput,
  type XmlRpcInt,
  type XmlRpcMethodCall,
  type XmlRpcNil,
  type XmlRpcPlain,
  type XmlRpcResponse,
  type XmlRpcString,
  type XmlRpcStruct,
  type XmlRpcType,
  type XmlRpcValue,
} from './lib/xml-rpc.types';
export {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  encodeValue,
} from './lib/xml-rpc.encoder';
export {
  decodeMethodCall,
  decodeMethodResponse,
  toPlain,
  type XmlRpcDecodeOptions,
} from './lib/xml-rpc.decoder';
export {
  INFUSIONSOFT_FAULT_CODES,
  parseInfusionsoftFault,
  valueOrThrow,
  XmlRpcFaultError,
  type InfusionsoftFaultKind,
} from './lib/infusionsoft-fault';
