/**
 * The form-urlencoded POST body of pdata.php / cdata.php: `appid`, `key`, `reqType`, optional
 * `return_id` / `f_add`, and `data` (reference A.1).
 */
import { badInput, nonEmptyText } from './ontraport-values';
import {
  CONTACTS_REQ_TYPES,
  ContactsReqType,
  ContactsRequest,
  DataEncoding,
  PRODUCTS_REQ_TYPES,
  ProductsReqType,
  ProductsRequest,
} from './ontraport-xml.types';

// Request types whose `data` shape is documented; they are refused without data.
const PRODUCTS_NEED_DATA: ReadonlySet<ProductsReqType> = new Set(
  PRODUCTS_REQ_TYPES.filter((type) => type !== 'key'),
);
const CONTACTS_NEED_DATA: ReadonlySet<ContactsReqType> =
  new Set<ContactsReqType>([
    'add',
    'update',
    'fetch',
    'delete',
    'search',
    'add_notes',
    'add_tag',
    'remove_tag',
  ]);
// The official examples send return_id=1 with these.
const PRODUCTS_RETURN_ID: ReadonlySet<ProductsReqType> =
  new Set<ProductsReqType>(['sale', 'update']);
const CONTACTS_RETURN_ID: ReadonlySet<ContactsReqType> =
  new Set<ContactsReqType>(['add', 'update']);

export function encodeProductsRequest(request: ProductsRequest): string {
  const reqType = oneOf(request.reqType, PRODUCTS_REQ_TYPES);
  return formBody(request, reqType, {
    needsData: PRODUCTS_NEED_DATA.has(reqType),
    returnId: request.returnId ?? PRODUCTS_RETURN_ID.has(reqType),
    forceAdd: false,
  });
}

export function encodeContactsRequest(request: ContactsRequest): string {
  const reqType = oneOf(request.reqType, CONTACTS_REQ_TYPES);
  if (request.forceAdd === true && reqType !== 'add') {
    throw badInput('forceAdd', 'f_add only applies to reqType add');
  }
  return formBody(request, reqType, {
    needsData: CONTACTS_NEED_DATA.has(reqType),
    returnId: request.returnId ?? CONTACTS_RETURN_ID.has(reqType),
    forceAdd: request.forceAdd === true,
  });
}

function formBody(
  request: ProductsRequest | ContactsRequest,
  reqType: string,
  options: { needsData: boolean; returnId: boolean; forceAdd: boolean },
): string {
  const fields: [string, string][] = [
    ['appid', nonEmptyText(request.appId, 'appId')],
    ['key', nonEmptyText(request.key, 'key')],
    ['reqType', reqType],
  ];
  if (options.returnId) {
    fields.push(['return_id', '1']);
  }
  if (options.forceAdd) {
    fields.push(['f_add', '1']);
  }
  if (request.data !== undefined) {
    fields.push([
      'data',
      encodeData(
        nonEmptyText(request.data, 'data'),
        request.dataEncoding ?? 'double',
      ),
    ]);
  } else if (options.needsData) {
    throw badInput('data', `reqType ${reqType} needs data`);
  }
  return new URLSearchParams(fields).toString();
}

/**
 * The server URL-decodes `data` once more after PHP decoded the form (most official examples send
 * `urlencode(urlencode($data))`; the few unencoded ones only work because their data has no `%`
 * or `+`). This is inferred from the examples, so `single` remains available.
 */
function encodeData(data: string, encoding: DataEncoding): string {
  if (encoding === 'single') {
    return data;
  }
  if (encoding !== 'double') {
    throw badInput(
      'dataEncoding',
      `"${String(encoding)}" is not double or single`,
    );
  }
  return new URLSearchParams([['', data]]).toString().slice(1);
}

function oneOf<T extends string>(value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) {
    throw badInput(
      'reqType',
      `"${String(value)}" is not one of ${allowed.join(', ')}`,
    );
  }
  return value;
}
