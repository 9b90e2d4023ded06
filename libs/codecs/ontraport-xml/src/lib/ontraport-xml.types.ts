/**
 * Types of the ONTRAPORT legacy XML API (pdata.php / cdata.php); reference section A.1.
 */
import { XmlElement } from '@hub/codecs-xml-core';

/** Request types of pdata.php (Products/Purchases), from the official table of contents. */
export const PRODUCTS_REQ_TYPES = [
  'sale',
  'refund',
  'delete',
  'add',
  'update',
  'fetch',
  'key',
  'search',
  'search_purchase',
  'purchase_history',
  'log_transaction',
] as const;
export type ProductsReqType = (typeof PRODUCTS_REQ_TYPES)[number];

/** Request types of cdata.php (Contacts), from the official table of contents. */
export const CONTACTS_REQ_TYPES = [
  'add',
  'update',
  'fetch',
  'delete',
  'key',
  'add_section',
  'edit_section',
  'remove_section',
  'remove_field',
  'add_dropdown',
  'remove_dropdown',
  'search',
  'pull_tag',
  'fetch_tag',
  'fetch_sequences',
  'add_notes',
  'fetch_notes',
  'add_tag',
  'remove_tag',
] as const;
export type ContactsReqType = (typeof CONTACTS_REQ_TYPES)[number];

export interface OntraportCredentials {
  /** The App ID, e.g. `2_26778_xxxx`. */
  readonly appId: string;
  readonly key: string;
}

/**
 * How the `data` field goes into the form body. `double` (the default) is what most official
 * examples do (`urlencode(urlencode($data))`): the server URL-decodes `data` once more after PHP
 * has decoded the form, so a single encoding would turn a `+` in an e-mail address into a space.
 */
export type DataEncoding = 'double' | 'single';

export interface ProductsRequest extends OntraportCredentials {
  readonly reqType: ProductsReqType;
  /** The XML fragment (JSON for `log_transaction`) from one of the `build…` functions; none for `key`. */
  readonly data?: string;
  /** `return_id=1`; defaults to true where the official examples send it (`sale`, `update`). */
  readonly returnId?: boolean;
  readonly dataEncoding?: DataEncoding;
}

export interface ContactsRequest extends OntraportCredentials {
  readonly reqType: ContactsReqType;
  readonly data?: string;
  /** `return_id=1`; defaults to true for `add` and `update`, so the new contact's id comes back. */
  readonly returnId?: boolean;
  /** `f_add=1`: add even when the account's e-mail match rule would merge into an existing contact. */
  readonly forceAdd?: boolean;
  readonly dataEncoding?: DataEncoding;
}

/** An amount in the account currency: a number, or an exact decimal string such as `"10.00"`. */
export type Amount = number | string;

/**
 * Search operators of `<op>`: e equals, n not equal, s starts with, c contains, k not like,
 * l less than, g greater than, m ≤, h ≥. The map is from a third-party client [SECONDARY];
 * the official examples use e, n and c.
 */
export const SEARCH_OPERATORS = {
  equals: 'e',
  notEquals: 'n',
  startsWith: 's',
  contains: 'c',
  notLike: 'k',
  lessThan: 'l',
  greaterThan: 'g',
  atMost: 'm',
  atLeast: 'h',
} as const;
export type SearchOperator =
  (typeof SEARCH_OPERATORS)[keyof typeof SEARCH_OPERATORS];

export interface SearchEquation {
  /** The field label, e.g. `Price` or `Email`. */
  readonly field: string;
  readonly op: SearchOperator;
  /** Several values are sent comma separated ("multiple search queries … separating with commas"). */
  readonly value: string | number | readonly (string | number)[];
}

// A value for a `<field>`: arrays are multi-values, written `*/*a*/*b*/*`.
export type FieldInput = string | number | readonly (string | number)[];

/** `<Group_Tag name="…">` → `<field name="…">` values. */
export type GroupsInput = Readonly<
  Record<string, Readonly<Record<string, FieldInput>>>
>;

// ---- responses ---------------------------------------------------------------------------------

// A decoded field value: `*/*` multi-values → string[], Unix-epoch date fields → Date,
// `$10.00` prices and numeric fields → number, empty → null, anything else → the text.
export type FieldValue = string | number | Date | readonly string[] | null;

export interface OntraportField {
  readonly name: string;
  /** The `type` attribute as sent; which types exist is not documented [UNCONFIRMED]. */
  readonly type: string | undefined;
  /** The text exactly as received. */
  readonly raw: string;
  readonly value: FieldValue;
}

export interface OntraportGroup {
  readonly name: string;
  readonly fields: readonly OntraportField[];
}

export interface OntraportRecord {
  readonly id: number | undefined;
  readonly groups: readonly OntraportGroup[];
  /** Every field by name across groups (the first occurrence wins if a name repeats). */
  readonly fields: Readonly<Record<string, OntraportField>>;
}

export interface OntraportContact extends OntraportRecord {
  readonly email: string | undefined;
  readonly firstName: string | undefined;
  readonly lastName: string | undefined;
  readonly tags: readonly string[];
  readonly sequences: readonly string[];
}

export interface OntraportProduct extends OntraportRecord {
  readonly name: string | undefined;
  readonly price: number | undefined;
}

export interface OntraportResult {
  /** Text directly inside `<result>` (e.g. a success word), trimmed; undefined when there is none. */
  readonly message: string | undefined;
  readonly contacts: readonly OntraportContact[];
  readonly products: readonly OntraportProduct[];
  /** Other elements under `<result>`, kept as parsed until their shape is confirmed. */
  readonly others: readonly XmlElement[];
}

export type OntraportResponse =
  | { readonly ok: true; readonly result: OntraportResult }
  | { readonly ok: false; readonly failure: string };
