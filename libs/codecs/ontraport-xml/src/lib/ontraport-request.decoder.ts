/**
 * Reads pdata.php / cdata.php requests back: the form body and the `data` of each request type, the
 * inverse of the builders and `encode…Request`. For simulators and round-trip tests; a client never
 * needs it. Structure problems are `ONTRAPORT_BAD_REQUEST` with the path in `data`; XML problems
 * keep their `XML_…` codes.
 */
import {
  childElements,
  DEFAULT_XML_LIMITS,
  ownText,
  parseXml,
  XmlElement,
} from '@hub/codecs-xml-core';
import {
  codecError,
  CodecError,
  ONTRAPORT_CODEC,
} from './ontraport-xml.errors';
import { preview } from './ontraport-values';
import { OntraportDecodeOptions } from './ontraport-response.decoder';
import {
  CONTACTS_REQ_TYPES,
  ContactsReqType,
  ContactsRequestData,
  DecodedContactsRequest,
  DecodedEquation,
  DecodedProductsRequest,
  DecodedSearch,
  DecodedTransaction,
  DecodedTransactionProduct,
  ModelledContactsReqType,
  OntraportRequestForm,
  PRODUCTS_REQ_TYPES,
  ProductsReqType,
  ProductsRequestData,
  RequestField,
  RequestGroup,
  RequestRecord,
  SEARCH_OPERATORS,
  SearchOperator,
} from './ontraport-xml.types';

const OPERATORS: ReadonlySet<string> = new Set(Object.values(SEARCH_OPERATORS));
const POSITIVE_INTEGER = /^[1-9]\d*$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
// What every `data` starts with once fully decoded: an XML fragment or, for log_transaction, JSON.
const DECODED_DATA = /^\s*[<{]/;

const badRequest = (path: string, message: string): CodecError =>
  codecError('ONTRAPORT_BAD_REQUEST', message, path);

/**
 * The form body: `appid`, `key`, `reqType`, `return_id`, `f_add` and `data`. Field names are matched
 * without regard to case (the official page writes `Appid`/`Key`/`returnID`, the examples lowercase);
 * a repeated field keeps its last value, as PHP does. `data` is URL-decoded once more when the form
 * decoding did not yet give XML or JSON: most official examples encode it twice, a few not at all
 * (reference A.1), and the `<`/`{` test reads both without mangling a `+` or `%` in single-encoded
 * data.
 */
export function decodeRequestForm(body: string): OntraportRequestForm {
  if (typeof body !== 'string') {
    throw badRequest(
      'body',
      `expected the form body as a string, got ${typeof body}`,
    );
  }
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    fields.set(name.toLowerCase(), value);
  }
  const required = (name: string): string => {
    const value = fields.get(name);
    if (value === undefined || value.trim() === '') {
      throw badRequest(name, `the form has no ${name}`);
    }
    return value;
  };
  const flag = (...names: string[]): boolean =>
    names.some((name) => {
      const value = fields.get(name);
      return value !== undefined && value !== '' && value !== '0';
    });
  const data = fields.get('data');
  return {
    appId: required('appid'),
    key: required('key'),
    reqType: required('reqtype'),
    returnId: flag('return_id', 'returnid'),
    forceAdd: flag('f_add'),
    data:
      data === undefined || data === '' || DECODED_DATA.test(data)
        ? data
        : formDecode(data),
  };
}

/** A pdata.php form body → credentials, `return_id` and the typed request. */
export function decodeProductsRequest(
  body: string,
  options: OntraportDecodeOptions = {},
): DecodedProductsRequest {
  const form = decodeRequestForm(body);
  const reqType = oneOf(form.reqType, PRODUCTS_REQ_TYPES);
  return {
    appId: form.appId,
    key: form.key,
    returnId: form.returnId,
    request: decodeProductsData(reqType, form.data, options),
  };
}

/** A cdata.php form body → credentials, `return_id`, `f_add` and the typed request. */
export function decodeContactsRequest(
  body: string,
  options: OntraportDecodeOptions = {},
): DecodedContactsRequest {
  const form = decodeRequestForm(body);
  const reqType = oneOf(form.reqType, CONTACTS_REQ_TYPES);
  return {
    appId: form.appId,
    key: form.key,
    returnId: form.returnId,
    forceAdd: form.forceAdd,
    request: decodeContactsData(reqType, form.data, options),
  };
}

/** The `data` of a pdata.php request, already URL-decoded, by request type. */
export function decodeProductsData(
  reqType: ProductsReqType,
  data: string | undefined,
  options: OntraportDecodeOptions = {},
): ProductsRequestData {
  if (reqType === 'key') {
    return { reqType };
  }
  if (reqType === 'log_transaction') {
    return { reqType, ...decodeTransaction(data, options) };
  }
  const top = fragment(data, options);
  switch (reqType) {
    case 'sale': {
      expectOnly(top, ['purchases', 'field'], 'data');
      const purchases = single(top, 'purchases', 'data');
      return {
        reqType,
        contactId: idAttribute(purchases, 'contact_id', 'data.purchases'),
        productId: idAttribute(purchases, 'product_id', 'data.purchases'),
        // Inside `<purchases>` (official page) or after it (official PHP example).
        fields: [
          ...requestFields(childElements(purchases), 'data.purchases'),
          ...requestFields(top, 'data'),
        ],
      };
    }
    case 'refund': {
      expectOnly(top, ['purchases'], 'data');
      const purchases = single(top, 'purchases', 'data');
      const refunds = named(childElements(purchases), 'refund');
      if (refunds.length > 1) {
        throw badRequest('data.purchases', 'more than one <refund>');
      }
      return {
        reqType,
        purchaseId: idAttribute(purchases, 'id', 'data.purchases'),
        amount:
          refunds.length === 0
            ? undefined
            : amountText(refunds[0], 'data.purchases.refund'),
      };
    }
    case 'delete': {
      expectOnly(top, ['purchases'], 'data');
      return {
        reqType,
        purchaseId: idAttribute(
          single(top, 'purchases', 'data'),
          'id',
          'data.purchases',
        ),
      };
    }
    case 'add':
    case 'update': {
      expectOnly(top, ['product'], 'data');
      const product = requestRecord(
        single(top, 'product', 'data'),
        'data.product',
      );
      if (reqType === 'update' && product.id === undefined) {
        throw badRequest('data.product', 'an update needs the product id');
      }
      return { reqType, product };
    }
    case 'fetch':
      return { reqType, productIds: idList(top, 'product_id') };
    case 'search':
    case 'search_purchase':
      return { reqType, ...decodeSearch(top) };
    case 'purchase_history':
      return { reqType, ...decodePurchaseHistory(top) };
  }
}

/** The `data` of a cdata.php request, already URL-decoded, by request type. */
export function decodeContactsData(
  reqType: ContactsReqType,
  data: string | undefined,
  options: OntraportDecodeOptions = {},
): ContactsRequestData {
  if (!isModelled(reqType)) {
    return { reqType, data };
  }
  const top = fragment(data, options);
  switch (reqType) {
    case 'add':
    case 'update': {
      expectOnly(top, ['contact'], 'data');
      const contacts = named(top, 'contact').map((contact, index) =>
        requestRecord(contact, `data.contact[${index}]`),
      );
      if (contacts.length === 0) {
        throw badRequest('data', 'expected at least one <contact>');
      }
      const withoutId = contacts.findIndex(
        (contact) => contact.id === undefined,
      );
      if (reqType === 'update' && withoutId >= 0) {
        throw badRequest(
          `data.contact[${withoutId}]`,
          'an update needs the contact id',
        );
      }
      return { reqType, contacts };
    }
    case 'fetch':
    case 'delete':
      return { reqType, contactIds: idList(top, 'contact_id') };
    case 'search':
      return { reqType, ...decodeSearch(top) };
    case 'add_tag':
    case 'remove_tag': {
      expectOnly(top, ['contact'], 'data');
      const contacts = named(top, 'contact').map((contact, index) => {
        const path = `data.contact[${index}]`;
        expectOnly(childElements(contact), ['tag'], path);
        const tags = named(childElements(contact), 'tag').map(ownText);
        if (tags.length === 0 || tags.some((tag) => tag.trim() === '')) {
          throw badRequest(path, 'expected one or more non-empty <tag>');
        }
        return { id: idAttribute(contact, 'id', path), tags };
      });
      if (contacts.length === 0) {
        throw badRequest('data', 'expected at least one <contact>');
      }
      return { reqType, contacts };
    }
  }
}

function isModelled(
  reqType: ContactsReqType,
): reqType is ModelledContactsReqType {
  return [
    'add',
    'update',
    'fetch',
    'delete',
    'search',
    'add_tag',
    'remove_tag',
  ].includes(reqType);
}

/** The elements of a `data` fragment, which has no single root (e.g. several `<product_id>`). */
function fragment(
  data: string | undefined,
  options: OntraportDecodeOptions,
): XmlElement[] {
  if (data === undefined || data.trim() === '') {
    throw badRequest('data', 'this request type needs data');
  }
  // The wrapper makes the fragment a document; a fragment that closes it early has two roots and is
  // refused as malformed.
  const root = parseXml(
    `<data>${data}</data>`,
    options.limits,
    ONTRAPORT_CODEC,
  );
  if (ownText(root).trim() !== '') {
    throw badRequest('data', 'text outside the request elements');
  }
  return childElements(root);
}

function decodeSearch(top: readonly XmlElement[]): DecodedSearch {
  expectOnly(top, ['search'], 'data');
  const search = single(top, 'search', 'data');
  expectOnly(childElements(search), ['equation'], 'data.search');
  const equations = named(childElements(search), 'equation').map(
    (equation, index): DecodedEquation => {
      const path = `data.search.equation[${index}]`;
      const parts = childElements(equation);
      expectOnly(parts, ['field', 'op', 'value'], path);
      const field = ownText(single(parts, 'field', path));
      const op = ownText(single(parts, 'op', path)).trim();
      if (field.trim() === '') {
        throw badRequest(`${path}.field`, 'is empty');
      }
      if (!OPERATORS.has(op)) {
        throw badRequest(`${path}.op`, `"${preview(op)}" is not an operator`);
      }
      return {
        field,
        op: op as SearchOperator,
        value: ownText(single(parts, 'value', path)),
      };
    },
  );
  if (equations.length === 0) {
    throw badRequest('data.search', 'expected at least one <equation>');
  }
  const page = attribute(search, 'page');
  return {
    page:
      page === undefined
        ? undefined
        : positiveInteger(page, 'data.search.page'),
    equations,
  };
}

function decodePurchaseHistory(top: readonly XmlElement[]) {
  expectOnly(top, ['purchase_history'], 'data');
  const history = single(top, 'purchase_history', 'data');
  const parts = childElements(history);
  expectOnly(
    parts,
    ['contact_id', 'start_date', 'end_date', 'product_id', 'quantity'],
    'data.purchase_history',
  );
  const optional = <T>(
    name: string,
    read: (text: string, path: string) => T,
  ): T | undefined => {
    const found = named(parts, name);
    if (found.length > 1) {
      throw badRequest(`data.purchase_history.${name}`, 'is repeated');
    }
    return found.length === 0
      ? undefined
      : read(ownText(found[0]).trim(), `data.purchase_history.${name}`);
  };
  return {
    contactId: optional('contact_id', positiveInteger),
    productIds: optional('product_id', (text, path) =>
      text
        .split(',')
        .map((id, index) => positiveInteger(id.trim(), `${path}[${index}]`)),
    ),
    startDate: optional('start_date', epochDate),
    endDate: optional('end_date', epochDate),
    quantity: optional('quantity', positiveInteger),
  };
}

function decodeTransaction(
  data: string | undefined,
  options: OntraportDecodeOptions,
): DecodedTransaction {
  if (data === undefined || data.trim() === '') {
    throw badRequest('data', 'log_transaction needs JSON data');
  }
  const maxBytes = options.limits?.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  if (data.length > maxBytes) {
    throw badRequest('data', `JSON data exceeds ${maxBytes} characters`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw badRequest(
      'data',
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isObject(parsed)) {
    throw badRequest('data', 'expected a JSON object');
  }
  const products = parsed['products'];
  if (!Array.isArray(products) || products.length === 0) {
    throw badRequest('data.products', 'expected a non-empty array');
  }
  return {
    contactId: jsonInteger(parsed['contact_id'], 'data.contact_id', true),
    date:
      parsed['date'] === undefined
        ? undefined
        : epochDate(
            String(jsonInteger(parsed['date'], 'data.date', false)),
            'data.date',
          ),
    products: products.map(
      (product: unknown, index): DecodedTransactionProduct => {
        const path = `data.products[${index}]`;
        if (!isObject(product)) {
          throw badRequest(path, 'expected a JSON object');
        }
        const optionalInteger = (key: string): number | undefined =>
          product[key] === undefined
            ? undefined
            : jsonInteger(product[key], `${path}.${key}`, true);
        const name = product['name'];
        if (
          name !== undefined &&
          (typeof name !== 'string' || name.trim() === '')
        ) {
          throw badRequest(`${path}.name`, 'expected a non-empty string');
        }
        const price = product['price'];
        return {
          productId: optionalInteger('product_id'),
          quantity: optionalInteger('quantity'),
          externalId: optionalInteger('external_id'),
          price:
            price === undefined
              ? undefined
              : jsonAmount(price, `${path}.price`),
          name,
        };
      },
    ),
  };
}

function requestRecord(element: XmlElement, path: string): RequestRecord {
  const groups: RequestGroup[] = [];
  for (const group of childElements(element)) {
    const groupPath = `${path}.Group_Tag[${groups.length}]`;
    if (group.name !== 'Group_Tag') {
      throw badRequest(path, `<${group.name}> where <Group_Tag> was expected`);
    }
    const name = attribute(group, 'name');
    if (name === undefined) {
      throw badRequest(groupPath, '<Group_Tag> without a name');
    }
    expectOnly(childElements(group), ['field'], groupPath);
    groups.push({
      name,
      fields: requestFields(childElements(group), groupPath),
    });
  }
  if (groups.length === 0) {
    throw badRequest(path, 'expected at least one <Group_Tag>');
  }
  const id = attribute(element, 'id');
  return {
    id: id === undefined ? undefined : positiveInteger(id, `${path}.id`),
    groups,
  };
}

function requestFields(
  elements: readonly XmlElement[],
  path: string,
): RequestField[] {
  return named(elements, 'field').map((field, index) => {
    const name = attribute(field, 'name');
    if (name === undefined || name.trim() === '') {
      throw badRequest(`${path}.field[${index}]`, '<field> without a name');
    }
    if (childElements(field).length > 0) {
      throw badRequest(`${path}.field[${index}]`, '<field> holds elements');
    }
    return { name, value: ownText(field) };
  });
}

function idList(top: readonly XmlElement[], name: string): number[] {
  expectOnly(top, [name], 'data');
  const ids = named(top, name).map((element, index) =>
    positiveInteger(ownText(element).trim(), `data.${name}[${index}]`),
  );
  if (ids.length === 0) {
    throw badRequest('data', `expected at least one <${name}>`);
  }
  return ids;
}

function named(elements: readonly XmlElement[], name: string): XmlElement[] {
  return elements.filter((element) => element.name === name);
}

function single(
  elements: readonly XmlElement[],
  name: string,
  path: string,
): XmlElement {
  const found = named(elements, name);
  if (found.length !== 1) {
    throw badRequest(path, `expected one <${name}>, found ${found.length}`);
  }
  return found[0];
}

function expectOnly(
  elements: readonly XmlElement[],
  names: readonly string[],
  path: string,
): void {
  const stray = elements.find((element) => !names.includes(element.name));
  if (stray !== undefined) {
    throw badRequest(path, `unexpected <${stray.name}>`);
  }
}

function attribute(element: XmlElement, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(element.attributes, name)
    ? element.attributes[name]
    : undefined;
}

function idAttribute(element: XmlElement, name: string, path: string): number {
  const value = attribute(element, name);
  if (value === undefined) {
    throw badRequest(path, `<${element.name}> needs ${name}`);
  }
  return positiveInteger(value, `${path}.${name}`);
}

function positiveInteger(text: string, path: string): number {
  const value = Number(text.trim());
  if (!POSITIVE_INTEGER.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw badRequest(path, `"${preview(text)}" is not a positive integer`);
  }
  return value;
}

function amountText(element: XmlElement, path: string): number {
  const text = ownText(element).trim();
  if (!DECIMAL.test(text) || Number(text) <= 0) {
    throw badRequest(path, `"${preview(text)}" is not a positive amount`);
  }
  return Number(text);
}

function epochDate(text: string, path: string): Date {
  const date = new Date(Number(text) * 1000);
  if (!/^\d+$/.test(text) || Number.isNaN(date.getTime())) {
    throw badRequest(path, `"${preview(text)}" is not Unix epoch seconds`);
  }
  return date;
}

/** A JSON integer, or a string of digits (PHP reads both the same). */
function jsonInteger(value: unknown, path: string, positive: boolean): number {
  const text =
    typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  const number = Number(text);
  if (
    !/^\d+$/.test(text) ||
    !Number.isSafeInteger(number) ||
    (positive && number <= 0)
  ) {
    throw badRequest(path, `expected a ${positive ? 'positive ' : ''}integer`);
  }
  return number;
}

function jsonAmount(value: unknown, path: string): number {
  const text =
    typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  if (!DECIMAL.test(text)) {
    throw badRequest(path, 'expected a non-negative amount');
  }
  return Number(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(
      'reqType',
      `"${preview(value)}" is not one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

/** `application/x-www-form-urlencoded` decoding of one value: `+` is a space, bad `%` stays as is. */
function formDecode(value: string): string {
  return new URLSearchParams(`v=${value.replace(/&/g, '%26')}`).get('v') ?? '';
}
