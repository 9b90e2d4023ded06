/**
 * Pieces of `data` shared by pdata.php and cdata.php: field groups and search equations.
 */
import {
  badInput,
  formatFieldValue,
  keyPath,
  nonEmptyText,
  positiveId,
  xmlAttribute,
  xmlText,
} from './ontraport-values';
import {
  FieldInput,
  GroupsInput,
  SEARCH_OPERATORS,
  SearchEquation,
  SearchOptions,
} from './ontraport-xml.types';

const OPERATORS: ReadonlySet<string> = new Set(Object.values(SEARCH_OPERATORS));

/** `<field name="…">value</field>` */
export function fieldXml(
  name: string,
  value: FieldInput,
  path: string,
): string {
  const fieldPath = keyPath(path, name);
  nonEmptyText(name, fieldPath);
  return `<field name="${xmlAttribute(name, fieldPath)}">${xmlText(formatFieldValue(value, fieldPath), fieldPath)}</field>`;
}

/** `<Group_Tag name="…"><field …/>…</Group_Tag>` for each group, in the order given. */
export function groupsXml(groups: GroupsInput, path: string): string {
  const parts = Object.entries(groups).map(([groupName, fields]) => {
    const groupPath = keyPath(path, groupName);
    nonEmptyText(groupName, groupPath);
    const inner = Object.entries(fields).map(([name, value]) =>
      fieldXml(name, value, groupPath),
    );
    if (inner.length === 0) {
      throw badInput(groupPath, 'a group needs at least one field');
    }
    return `<Group_Tag name="${xmlAttribute(groupName, groupPath)}">${inner.join('')}</Group_Tag>`;
  });
  if (parts.length === 0) {
    throw badInput(path, 'at least one group of fields is needed');
  }
  return parts.join('');
}

/**
 * `<search><equation><field>Price</field><op>e</op><value>150.00</value></equation></search>`, for
 * `search` and `search_purchase` (pdata) and `search` (cdata). Several equations work as an AND.
 * Comma-separated values in one equation are separate queries (reference A.1): an array is joined
 * with commas, so its items may not contain one; a string is sent as is. `{ page: 2 }` writes
 * `<search page="2">` (results come 500 to a page).
 */
export function buildSearchXml(
  equations: readonly SearchEquation[],
  options: SearchOptions = {},
): string {
  if (!Array.isArray(equations) || equations.length === 0) {
    throw badInput('equations', 'at least one equation is needed');
  }
  const parts = equations.map((equation, index) => {
    const path = `equations[${index}]`;
    nonEmptyText(equation.field, `${path}.field`);
    if (!OPERATORS.has(equation.op)) {
      throw badInput(
        `${path}.op`,
        `"${String(equation.op)}" is not one of ${[...OPERATORS].join(', ')}`,
      );
    }
    const values = Array.isArray(equation.value)
      ? (equation.value as readonly (string | number)[])
      : [equation.value as string | number];
    const texts = values.map((value, valueIndex) => {
      const text = String(value);
      if (
        Array.isArray(equation.value) &&
        (text === '' || text.includes(','))
      ) {
        throw badInput(
          `${path}.value[${valueIndex}]`,
          'one of several values may not be empty or contain a comma',
        );
      }
      return text;
    });
    if (texts.length === 0) {
      throw badInput(`${path}.value`, 'at least one value is needed');
    }
    return (
      `<equation><field>${xmlText(equation.field, `${path}.field`)}</field><op>${equation.op}</op>` +
      `<value>${xmlText(texts.join(','), `${path}.value`)}</value></equation>`
    );
  });
  const page =
    options.page === undefined
      ? ''
      : ` page="${positiveId(options.page, 'page')}"`;
  return `<search${page}>${parts.join('')}</search>`;
}
