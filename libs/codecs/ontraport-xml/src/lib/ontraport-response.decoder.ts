/**
 * Responses of pdata.php / cdata.php. Evidence (reference A.1 and the official Products API page):
 * data comes wrapped in `<result>`; failures read `<result>failure…` or
 * `<result><status>Failed</status></result>`; success `<result><status>Success</status></result>`;
 * contacts and products come as
 * `<contact id="…"><Group_Tag name="…"><field name="…" type="…">value</field></Group_Tag></contact>`,
 * purchases as `<purchases|purchase contact_id="…" product_id="…" id="…"><field …/></…>`, the `key`
 * templates as the same elements with empty fields and a `type` on each; a search without results
 * may answer `0`. Much of this is [UNCONFIRMED], so the decoder keeps raw text next to every
 * converted value.
 */
import {
  childElements,
  ownText,
  parseXml,
  XmlElement,
  XmlLimits,
} from '@hub/codecs-xml-core';
import { codecError, ONTRAPORT_CODEC } from './ontraport-xml.errors';
import {
  badValue,
  keyPath,
  MULTI_VALUE_DELIMITER,
  parseDollars,
  parseEpochSeconds,
  parseMultiValue,
  preview,
} from './ontraport-values';
import {
  FieldValue,
  OntraportContact,
  OntraportField,
  OntraportGroup,
  OntraportKeyResponse,
  OntraportProduct,
  OntraportPurchase,
  OntraportPurchasesResponse,
  OntraportRecord,
  OntraportResponse,
  OntraportTemplate,
  OntraportTemplateField,
} from './ontraport-xml.types';

export interface OntraportDecodeOptions {
  /** Overrides of the hostile-input limits (10 MB, depth 64, 200,000 elements by default). */
  readonly limits?: Partial<XmlLimits>;
}

// Field types read as Unix-epoch seconds / as numbers. Of these only `timestamp`, `numeric`,
// `number` and `price` appear in an official document (the Products API page's `key` example); the
// rest are [UNCONFIRMED], so every field keeps `raw` and `type`.
export const DATE_FIELD_TYPES: ReadonlySet<string> = new Set([
  'fulldate',
  'date',
  'datetime',
  'timestamp',
]);
export const NUMBER_FIELD_TYPES: ReadonlySet<string> = new Set([
  'numeric',
  'number',
  'price',
]);
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const FAILURE = /^fail(?:ure|ed)?\b/i;

type ReadResult =
  | {
      readonly root: XmlElement | undefined;
      readonly message: string | undefined;
    }
  | { readonly failure: string };

/**
 * Contacts and products (`fetch`, `search`, `add`/`update` with `return_id`, cdata `search`), or a
 * plain success / failure. `{ ok: false, failure }` when `<result>` or its `<status>` starts with
 * `failure`/`Failed`; a bare `0` (a search without results) is an empty success.
 */
export function decodeResponse(
  xml: string,
  options: OntraportDecodeOptions = {},
): OntraportResponse {
  const read = readResult(xml, options, ['result']);
  if ('failure' in read) {
    return { ok: false, failure: read.failure };
  }
  const contacts: OntraportContact[] = [];
  const products: OntraportProduct[] = [];
  const others: XmlElement[] = [];
  for (const child of read.root === undefined ? [] : childElements(read.root)) {
    if (child.name === 'contact') {
      contacts.push(decodeContact(child, `contact[${contacts.length}]`));
    } else if (child.name === 'product') {
      products.push(decodeProduct(child, `product[${products.length}]`));
    } else if (child.name !== 'status') {
      others.push(child);
    }
  }
  return {
    ok: true,
    result: { message: read.message, contacts, products, others },
  };
}

/**
 * Purchases: `sale` with `return_id=1` (`<result><purchases …>…</purchases><status>Success</status></result>`)
 * and `search_purchase` (`<purchase …>` elements; the official page shows them in a `<purchases>`
 * wrapper, so that wrapper is read too, as the root or under `<result>`).
 */
export function decodePurchasesResponse(
  xml: string,
  options: OntraportDecodeOptions = {},
): OntraportPurchasesResponse {
  const read = readResult(xml, options, ['result', 'purchases']);
  if ('failure' in read) {
    return { ok: false, failure: read.failure };
  }
  const elements: XmlElement[] = [];
  const collect = (parent: XmlElement): void => {
    for (const child of childElements(parent)) {
      if (child.name === 'purchase') {
        elements.push(child);
      } else if (child.name === 'purchases') {
        if (childElements(child).some((inner) => inner.name === 'purchase')) {
          collect(child);
        } else {
          elements.push(child);
        }
      }
    }
  };
  if (read.root !== undefined) {
    collect(read.root);
  }
  return {
    ok: true,
    purchases: elements.map((element, index) =>
      decodePurchase(element, `purchase[${index}]`),
    ),
    message: read.message,
  };
}

/**
 * `reqType=key`: one template per element under `<result>` (pdata: `product` and `purchases`;
 * cdata: `contact`), each field with its name and type, values and attribute values left out.
 */
export function decodeKeyResponse(
  xml: string,
  options: OntraportDecodeOptions = {},
): OntraportKeyResponse {
  const read = readResult(xml, options, ['result']);
  if ('failure' in read) {
    return { ok: false, failure: read.failure };
  }
  const templates: OntraportTemplate[] = [];
  for (const element of read.root === undefined
    ? []
    : childElements(read.root)) {
    if (element.name === 'status') {
      continue;
    }
    const path = `${element.name}[${templates.length}]`;
    templates.push({
      object: element.name,
      attributes: Object.keys(element.attributes),
      groups: childElements(element)
        .filter((child) => child.name === 'Group_Tag')
        .map((group) => ({
          name: attribute(group, 'name') ?? '',
          fields: templateFields(group, path),
        })),
      fields: templateFields(element, path),
    });
  }
  return { ok: true, templates };
}

/** The `<result>` (or another accepted root), or the failure it reports. */
function readResult(
  xml: string,
  options: OntraportDecodeOptions,
  roots: readonly string[],
): ReadResult {
  // "Return: … 0 if no results are found" (official Products API page, search).
  if (typeof xml === 'string' && xml.replace(/^\uFEFF/, '').trim() === '0') {
    return { root: undefined, message: '0' };
  }
  // parseXml drops a leading byte-order mark, which the legacy API has been seen to send.
  const root = parseXml(xml, options.limits, ONTRAPORT_CODEC);
  if (!roots.includes(root.name)) {
    throw codecError(
      'ONTRAPORT_BAD_RESPONSE',
      `expected <${roots.join('> or <')}>, found <${root.name}>`,
    );
  }
  const direct = ownText(root).trim();
  const status = childElements(root).find((child) => child.name === 'status');
  const statusText = status === undefined ? '' : ownText(status).trim();
  if (FAILURE.test(direct) || FAILURE.test(statusText)) {
    return { failure: textPieces(root).join(' ') };
  }
  return { root, message: direct || statusText || undefined };
}

function decodeContact(element: XmlElement, path: string): OntraportContact {
  const record = decodeRecord(element, path);
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = ownField(record.fields, name)?.value;
      if (typeof value === 'string') {
        return value;
      }
    }
    return undefined;
  };
  return {
    ...record,
    // `E-Mail` was the label before 2014.
    email: text('Email', 'E-Mail', 'E-mail'),
    firstName: text('First Name'),
    lastName: text('Last Name'),
    tags: asList(ownField(record.fields, 'Contact Tags')?.value),
    sequences: asList(ownField(record.fields, 'Sequences')?.value),
  };
}

function decodeProduct(element: XmlElement, path: string): OntraportProduct {
  const record = decodeRecord(element, path);
  const name = ownField(record.fields, 'Name')?.value;
  return {
    ...record,
    name: typeof name === 'string' ? name : undefined,
    price: amountOf(ownField(record.fields, 'Price'), keyPath(path, 'Price')),
  };
}

function decodePurchase(element: XmlElement, path: string): OntraportPurchase {
  const fieldList: OntraportField[] = [];
  for (const child of childElements(element)) {
    if (child.name === 'field') {
      fieldList.push(decodeField(child, path));
    } else if (child.name === 'Group_Tag') {
      for (const field of childElements(child)) {
        if (field.name === 'field') {
          fieldList.push(decodeField(field, path));
        }
      }
    }
  }
  const fields = indexFields(fieldList);
  const text = (name: string): string | undefined => {
    const value = ownField(fields, name)?.value;
    return typeof value === 'string' ? value : undefined;
  };
  return {
    id: decodeId(element, path),
    contactId: decodeId(element, path, 'contact_id'),
    productId: decodeId(element, path, 'product_id'),
    fieldList,
    fields,
    name: text('Name') ?? text('Product Name'),
    price: amountOf(ownField(fields, 'Price'), keyPath(path, 'Price')),
    quantity: amountOf(ownField(fields, 'Quantity'), keyPath(path, 'Quantity')),
    date: purchaseDate(ownField(fields, 'Date'), keyPath(path, 'Date')),
    status: text('Status'),
  };
}

/** A number from a field that is already one (`$10.00`, typed numeric) or reads as a plain decimal. */
function amountOf(
  field: OntraportField | undefined,
  path: string,
): number | undefined {
  if (typeof field?.value === 'number') {
    return field.value;
  }
  if (typeof field?.value === 'string') {
    const trimmed = field.value.trim();
    if (!DECIMAL.test(trimmed)) {
      throw badValue(path, `"${preview(field.raw)}" is not an amount`);
    }
    return Number(trimmed);
  }
  return undefined;
}

/** A purchase `Date`: epoch seconds (search_purchase), or `MM-DD-YYYY` as in the sale example. */
function purchaseDate(
  field: OntraportField | undefined,
  path: string,
): Date | undefined {
  const value = field?.value;
  if (value instanceof Date) {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return parseEpochSeconds(text, path) ?? undefined;
  }
  const us = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(text);
  if (us) {
    const [month, day, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day
    ) {
      return date;
    }
  }
  throw badValue(path, `"${preview(field?.raw ?? '')}" is not a date`);
}

function templateFields(
  parent: XmlElement,
  path: string,
): OntraportTemplateField[] {
  return childElements(parent)
    .filter((child) => child.name === 'field')
    .map((field) => {
      const name = attribute(field, 'name');
      if (name === undefined) {
        throw codecError(
          'ONTRAPORT_BAD_RESPONSE',
          '<field> without a name attribute',
          path,
        );
      }
      return { name, type: attribute(field, 'type') };
    });
}

function decodeRecord(element: XmlElement, path: string): OntraportRecord {
  const groups: OntraportGroup[] = [];
  for (const child of childElements(element)) {
    // Only Group_Tag/field is documented for contacts and products.
    if (child.name !== 'Group_Tag') {
      continue;
    }
    const groupFields = childElements(child)
      .filter((field) => field.name === 'field')
      .map((field) => decodeField(field, path));
    groups.push({ name: attribute(child, 'name') ?? '', fields: groupFields });
  }
  return {
    id: decodeId(element, path),
    groups,
    fields: indexFields(groups.flatMap((group) => group.fields)),
  };
}

/** Fields by name, the first occurrence winning; a field called `__proto__` stays data. */
function indexFields(
  list: readonly OntraportField[],
): Record<string, OntraportField> {
  const fields: Record<string, OntraportField> = {};
  for (const field of list) {
    if (Object.prototype.hasOwnProperty.call(fields, field.name)) {
      continue;
    }
    if (field.name === '__proto__') {
      Object.defineProperty(fields, field.name, {
        value: field,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      fields[field.name] = field;
    }
  }
  return fields;
}

function decodeField(element: XmlElement, recordPath: string): OntraportField {
  const name = attribute(element, 'name');
  if (name === undefined) {
    throw codecError(
      'ONTRAPORT_BAD_RESPONSE',
      '<field> without a name attribute',
      recordPath,
    );
  }
  const type = attribute(element, 'type');
  const raw = ownText(element);
  return {
    name,
    type,
    raw,
    value: fieldValue(raw, type, keyPath(recordPath, name)),
  };
}

function fieldValue(
  raw: string,
  type: string | undefined,
  path: string,
): FieldValue {
  const kind = type?.toLowerCase() ?? '';
  if (raw.trim() === '') {
    return null;
  }
  if (raw.includes(MULTI_VALUE_DELIMITER)) {
    return parseMultiValue(raw);
  }
  if (DATE_FIELD_TYPES.has(kind)) {
    return parseEpochSeconds(raw, path);
  }
  // `$10.00` is read as a number when the field is untyped or numeric; a typed text field keeps it.
  const dollars =
    kind === '' || NUMBER_FIELD_TYPES.has(kind)
      ? parseDollars(raw, path)
      : undefined;
  if (dollars !== undefined) {
    return dollars;
  }
  if (NUMBER_FIELD_TYPES.has(kind)) {
    const plain = raw.trim().replace(/,/g, '');
    if (!DECIMAL.test(plain)) {
      throw badValue(path, `"${preview(raw)}" is not a number`);
    }
    return Number(plain);
  }
  return raw;
}

function decodeId(
  element: XmlElement,
  path: string,
  name = 'id',
): number | undefined {
  const id = attribute(element, name);
  if (id === undefined) {
    return undefined;
  }
  const value = Number(id.trim());
  if (!/^\d+$/.test(id.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw badValue(path, `${name} "${preview(id)}" is not a positive integer`);
  }
  return value;
}

function ownField(
  fields: Readonly<Record<string, OntraportField>>,
  name: string,
): OntraportField | undefined {
  return Object.prototype.hasOwnProperty.call(fields, name)
    ? fields[name]
    : undefined;
}

function asList(value: FieldValue | undefined): readonly string[] {
  if (Array.isArray(value)) {
    return value;
  }
  return typeof value === 'string' || typeof value === 'number'
    ? [String(value)]
    : [];
}

function attribute(element: XmlElement, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(element.attributes, name)
    ? element.attributes[name]
    : undefined;
}

/** Every non-blank text node under `element`, trimmed, in document order. */
function textPieces(element: XmlElement): string[] {
  return element.children.flatMap((child) =>
    typeof child === 'string'
      ? [child.trim()].filter(Boolean)
      : textPieces(child),
  );
}
