/**
 * Writes pdata.php / cdata.php responses, the inverse of the decoders: for simulators and round-trip
 * tests. Values go to their wire forms: Dates to Unix epoch seconds, numbers in untyped or `price`
 * fields to `$1,250.50`, lists to `*\/*a*\/*b*\/*`, null to an empty field.
 */
import {
  badInput,
  epochSeconds,
  formatDollars,
  formatMultiValue,
  keyPath,
  positiveId,
  xmlAttribute,
  xmlText,
} from './ontraport-values';
import {
  FieldOutput,
  FieldValue,
  OntraportTemplate,
  OntraportTemplateField,
  PurchaseOutput,
  RecordOutput,
  ResultOutput,
} from './ontraport-xml.types';

// Element and attribute names this encoder writes from caller input (template objects).
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * `<result>message<contact …/>…<product …/>…<purchases …/>…<status>…</status></result>`, each part
 * only when given. Records keep their groups and fields in order.
 */
export function encodeResponse(result: ResultOutput): string {
  let xml = '<result>';
  if (result.message !== undefined) {
    xml += xmlText(result.message, 'message');
  }
  (result.contacts ?? []).forEach((contact, index) => {
    xml += recordXml('contact', contact, `contacts[${index}]`);
  });
  (result.products ?? []).forEach((product, index) => {
    xml += recordXml('product', product, `products[${index}]`);
  });
  const purchaseElement = result.purchaseElement ?? 'purchases';
  if (purchaseElement !== 'purchases' && purchaseElement !== 'purchase') {
    throw badInput(
      'purchaseElement',
      `"${String(purchaseElement)}" is not purchases or purchase`,
    );
  }
  (result.purchases ?? []).forEach((purchase, index) => {
    xml += purchaseXml(purchaseElement, purchase, `purchases[${index}]`);
  });
  if (result.status !== undefined) {
    xml += `<status>${xmlText(result.status, 'status')}</status>`;
  }
  return `${xml}</result>`;
}

/**
 * A failure: `<result>failure[ detail]</result>` (the form OP-CF detects), or with `form: 'status'`
 * `<result><status>Failed</status>[<error>detail</error>]</result>` (the official Products API page).
 * Where the detail goes is our choice: no document shows one.
 */
export function encodeFailureResponse(
  detail?: string,
  form: 'failure' | 'status' = 'failure',
): string {
  if (form === 'status') {
    const error =
      detail === undefined ? '' : `<error>${xmlText(detail, 'detail')}</error>`;
    return `<result><status>Failed</status>${error}</result>`;
  }
  if (form !== 'failure') {
    throw badInput('form', `"${String(form)}" is not failure or status`);
  }
  return `<result>failure${detail === undefined ? '' : ` ${xmlText(detail, 'detail')}`}</result>`;
}

/**
 * `reqType=key`: each template as its element with empty attributes and empty typed fields, e.g.
 * `<product id=""><Group_Tag name="Product Details"><field name="Name" type="text"/></Group_Tag></product>`.
 */
export function encodeKeyResponse(
  templates: readonly OntraportTemplate[],
): string {
  const parts = templates.map((template, index) => {
    const path = `templates[${index}]`;
    const object = plainName(template.object, `${path}.object`);
    const attributes = template.attributes
      .map(
        (name, attributeIndex) =>
          ` ${plainName(name, `${path}.attributes[${attributeIndex}]`)}=""`,
      )
      .join('');
    const groups = template.groups
      .map(
        (group, groupIndex) =>
          `<Group_Tag name="${xmlAttribute(group.name, `${path}.groups[${groupIndex}].name`)}">` +
          templateFieldsXml(group.fields, `${path}.groups[${groupIndex}]`) +
          '</Group_Tag>',
      )
      .join('');
    return `<${object}${attributes}>${groups}${templateFieldsXml(template.fields, path)}</${object}>`;
  });
  return `<result>${parts.join('')}</result>`;
}

/**
 * A field value in its wire form, by field `type`: Date → epoch seconds; number → `$1,250.50` when
 * the field is untyped or `price` (so the decoder reads a number back), plain decimal otherwise;
 * list → `*\/*a*\/*b*\/*`; null → empty.
 */
export function formatFieldOutput(
  value: FieldValue,
  type: string | undefined,
  path = 'value',
): string {
  if (value === null) {
    return '';
  }
  if (value instanceof Date) {
    return String(epochSeconds(value, path));
  }
  if (Array.isArray(value)) {
    return formatMultiValue(value as readonly string[], path);
  }
  if (typeof value === 'number') {
    const kind = type?.toLowerCase() ?? '';
    if (kind === '' || kind === 'price') {
      return formatDollars(value, path);
    }
    const text = String(value);
    if (!Number.isFinite(value) || text.includes('e')) {
      throw badInput(path, `${text} cannot be written as a plain decimal`);
    }
    return text;
  }
  if (typeof value !== 'string') {
    throw badInput(path, 'expected a string, a number, a Date, a list or null');
  }
  return value;
}

function recordXml(tag: string, record: RecordOutput, path: string): string {
  const groups = record.groups
    .map((group, index) => {
      const groupPath = `${path}.groups[${index}]`;
      return (
        `<Group_Tag name="${xmlAttribute(group.name, `${groupPath}.name`)}">` +
        group.fields.map((field) => fieldXml(field, groupPath)).join('') +
        '</Group_Tag>'
      );
    })
    .join('');
  return `<${tag}${idAttribute('id', record.id, path)}>${groups}</${tag}>`;
}

function purchaseXml(
  tag: string,
  purchase: PurchaseOutput,
  path: string,
): string {
  const attributes =
    idAttribute('contact_id', purchase.contactId, path) +
    idAttribute('product_id', purchase.productId, path) +
    idAttribute('id', purchase.id, path);
  const fields = purchase.fieldList
    .map((field) => fieldXml(field, path))
    .join('');
  return `<${tag}${attributes}>${fields}</${tag}>`;
}

function fieldXml(field: FieldOutput, path: string): string {
  const fieldPath = keyPath(path, field.name);
  const text = xmlText(
    formatFieldOutput(field.value, field.type, fieldPath),
    fieldPath,
  );
  const type =
    field.type === undefined
      ? ''
      : ` type="${xmlAttribute(field.type, fieldPath)}"`;
  const open = `<field name="${xmlAttribute(field.name, fieldPath)}"${type}`;
  return text === '' ? `${open}/>` : `${open}>${text}</field>`;
}

function templateFieldsXml(
  fields: readonly OntraportTemplateField[],
  path: string,
): string {
  return fields
    .map((field) => {
      const fieldPath = keyPath(path, field.name);
      const type =
        field.type === undefined
          ? ''
          : ` type="${xmlAttribute(field.type, fieldPath)}"`;
      return `<field name="${xmlAttribute(field.name, fieldPath)}"${type}/>`;
    })
    .join('');
}

function idAttribute(
  name: string,
  id: number | undefined,
  path: string,
): string {
  return id === undefined
    ? ''
    : ` ${name}="${positiveId(id, `${path}.${name}`)}"`;
}

function plainName(name: string, path: string): string {
  if (typeof name !== 'string' || !PLAIN_NAME.test(name)) {
    throw badInput(path, `"${String(name)}" is not an element name`);
  }
  return name;
}
