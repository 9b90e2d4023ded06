export {
  CodecError,
  isCodecError,
  ONTRAPORT_ERROR_CODES,
  XML_ERROR_CODES,
  type CodecErrorCode,
  type OntraportErrorCode,
  type XmlErrorCode,
} from './lib/ontraport-xml.errors';
export {
  DEFAULT_XML_LIMITS,
  type XmlChild,
  type XmlElement,
  type XmlLimits,
} from '@hub/codecs-xml-core';
export {
  CONTACTS_REQ_TYPES,
  PRODUCTS_REQ_TYPES,
  SEARCH_OPERATORS,
  type Amount,
  type ContactsReqType,
  type ContactsRequest,
  type DataEncoding,
  type FieldInput,
  type FieldValue,
  type GroupsInput,
  type OntraportContact,
  type OntraportCredentials,
  type OntraportField,
  type OntraportGroup,
  type OntraportProduct,
  type OntraportRecord,
  type OntraportResponse,
  type OntraportResult,
  type ProductsReqType,
  type ProductsRequest,
  type SearchEquation,
  type SearchOperator,
} from './lib/ontraport-xml.types';
export { buildSearchXml } from './lib/ontraport-data.builder';
export {
  buildDeletePurchaseXml,
  buildLogTransactionData,
  buildProductAddXml,
  buildProductFetchXml,
  buildProductUpdateXml,
  buildPurchaseHistoryXml,
  buildRefundXml,
  buildSaleXml,
  type ProductInput,
  type ProductUpdateInput,
  type PurchaseHistoryInput,
  type RefundInput,
  type SaleInput,
  type TransactionInput,
  type TransactionProductInput,
} from './lib/products-data.builder';
export {
  buildContactAddXml,
  buildContactIdsXml,
  buildContactSearchByEmailXml,
  buildContactTagsXml,
  buildContactXml,
  type ContactInput,
  type ContactSearchOptions,
  type NewContactInput,
} from './lib/contacts-data.builder';
export {
  encodeContactsRequest,
  encodeProductsRequest,
} from './lib/ontraport-request.encoder';
export {
  decodeResponse,
  type OntraportDecodeOptions,
} from './lib/ontraport-response.decoder';
