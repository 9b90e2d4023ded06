/**
 * Responses of pdata.php / cdata.php. Evidence (reference A.1): data comes wrapped in `<result>`;
 * failures contain `<result>failure…`; contacts and products come as
 * `<contact id="…"><Group_Tag name="…"><field name="…" type="…">value</field></Group_Tag></contact>`.
 * The text after `failure`, the success bodies of sale/refund/delete and the list of field types
 * are [UNCONFIRMED], so the decoder keeps raw text next to every converted value.
 */
import {
  childElements,
  ownText,
  parseXml,
  XmlElement,
  XmlLimits,
} from '@hub/codecs-xml-core';
import { codecError, ONTRAPORT_CODEC } from './ontraport-xml.errors';
import { keyPath, MULTI_VALUE_DELIMITER } from './ontraport-values';
import {
  FieldValue,
  OntraportContact,
  OntraportField,
  OntraportGroup,
  OntraportProduct,
  OntraportRecord,
  OntraportResponse,
} from './ontraport-xml.types';

export interface OntraportDecodeOptions {
  /** Overrides of the hostile-input limits (10 MB, depth 64, 200,000 elements by default). */
  readonly limits?: Partial<XmlLimits>;
}

// Field types read as Unix-epoch seconds / as numbers. The type names are [UNCONFIRMED]: no
// document lists them, so only these are converted and every field keeps `raw` and `type`.
const DATE_TYPES: ReadonlySet<string> = new Set([
  'fulldate',
  'date',
  'datetime',
  'timestamp',
]);
const NUMBER_TYPES: ReadonlySet<string> = new Set([
  'numeric',
  'number',
  'price',
]);
const DOLLARS = /^(-?)\$\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function decodeResponse(
  xml: string,
  options: OntraportDecodeOptions = {},
): OntraportResponse {
  // parseXml drops a leading byte-order mark, which the legacy API has been seen to send.
  const root = parseXml(xml, options.limits, ONTRAPORT_CODEC);
  if (root.name !== 'result') {
    throw codecError(
      'ONTRAPORT_BAD_RESPONSE',
      `expected <result>, found <${root.name}>`,
    );
  }
  const message = ownText(root).trim();
  if (/^failure/i.test(message)) {
    return { ok: false, failure: textPieces(root).join(' ') };
  }
  const contacts: OntraportContact[] = [];
  const products: OntraportProduct[] = [];
  const others: XmlElement[] = [];
  for (const child of childElements(root)) {
    if (child.name === 'contact') {
      contacts.push(decodeContact(child, `contact[${contacts.length}]`));
    } else if (child.name === 'product') {
      products.push(decodeProduct(child, `product[${products.length}]`));
    } else {
      others.push(child);
    }
  }
  return {
    ok: true,
    result: {
      message: message === '' ? undefined : message,
      contacts,
      products,
      others,
    },
  };
}

function decodeContact(element: XmlElement, path: string): OntraportContact {
  const record = decodeRecord(element, path);
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = ownField(record, name)?.value;
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
    tags: asList(ownField(record, 'Contact Tags')?.value),
    sequences: asList(ownField(record, 'Sequences')?.value),
  };
}

function decodeProduct(element: XmlElement, path: string): OntraportProduct {
  const record = decodeRecord(element, path);
  const name = ownField(record, 'Name')?.value;
  const price = ownField(record, 'Price');
  let priceValue: number | undefined;
  if (typeof price?.value === 'number') {
    priceValue = price.value;
  } else if (typeof price?.value === 'string') {
    const trimmed = price.value.trim();
    if (!DECIMAL.test(trimmed)) {
      throw codecError(
        'ONTRAPORT_BAD_VALUE',
        `"${price.raw}" is not a price`,
        keyPath(path, 'Price'),
      );
    }
    priceValue = Number(trimmed);
  }
  return {
    ...record,
    name: typeof name === 'string' ? name : undefined,
    price: priceValue,
  };
}

function decodeRecord(element: XmlElement, path: string): OntraportRecord {
  const groups: OntraportGroup[] = [];
  const fields: Record<string, OntraportField> = {};
  for (const child of childElements(element)) {
    // Only Group_Tag/field is documented; other children are left for the codecs issue to model.
    if (child.name !== 'Group_Tag') {
      continue;
    }
    const groupFields = childElements(child)
      .filter((field) => field.name === 'field')
      .map((field) => decodeField(field, path));
    groups.push({ name: attribute(child, 'name') ?? '', fields: groupFields });
    for (const field of groupFields) {
      if (!Object.prototype.hasOwnProperty.call(fields, field.name)) {
        // defineProperty, so a field called `__proto__` is data, not a prototype change.
        Object.defineProperty(fields, field.name, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return { id: decodeId(element, path), groups, fields };
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
  const trimmed = raw.trim();
  const kind = type?.toLowerCase() ?? '';
  if (trimmed === '') {
    return null;
  }
  if (raw.includes(MULTI_VALUE_DELIMITER)) {
    return raw.split(MULTI_VALUE_DELIMITER).filter((item) => item !== '');
  }
  if (DATE_TYPES.has(kind)) {
    if (!/^\d+$/.test(trimmed)) {
      throw codecError(
        'ONTRAPORT_BAD_VALUE',
        `"${raw}" is not Unix epoch seconds`,
        path,
      );
    }
    // 0 is how an unset date reads [UNCONFIRMED]; 1970-01-01 is never a real value here.
    return trimmed === '0' ? null : new Date(Number(trimmed) * 1000);
  }
  // `$10.00` is read as a number when the field is untyped or numeric; a typed text field keeps it.
  const dollars =
    kind === '' || NUMBER_TYPES.has(kind) ? DOLLARS.exec(trimmed) : null;
  if (dollars) {
    const [, outerSign, innerSign, whole, fraction = ''] = dollars;
    const negative = outerSign === '-' || innerSign === '-';
    if (outerSign === '-' && innerSign === '-') {
      throw codecError('ONTRAPORT_BAD_VALUE', `"${raw}" is not a price`, path);
    }
    const amount = Number(`${whole.replace(/,/g, '')}${fraction}`);
    return negative ? -amount : amount;
  }
  if (NUMBER_TYPES.has(kind)) {
    if (!DECIMAL.test(trimmed.replace(/,/g, ''))) {
      throw codecError('ONTRAPORT_BAD_VALUE', `"${raw}" is not a number`, path);
    }
    return Number(trimmed.replace(/,/g, ''));
  }
  return raw;
}

function decodeId(element: XmlElement, path: string): number | undefined {
  const id = attribute(element, 'id');
  if (id === undefined) {
    return undefined;
  }
  const value = Number(id.trim());
  if (!/^\d+$/.test(id.trim()) || !Number.isSafeInteger(value) || value <= 0) {
    throw codecError(
      'ONTRAPORT_BAD_VALUE',
      `id "${id}" is not a positive integer`,
      path,
    );
  }
  return value;
}

function ownField(
  record: OntraportRecord,
  name: string,
): OntraportField | undefined {
  return Object.prototype.hasOwnProperty.call(record.fields, name)
    ? record.fields[name]
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
