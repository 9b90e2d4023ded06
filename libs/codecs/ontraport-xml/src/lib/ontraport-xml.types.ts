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
 * Search operators of `<op>`: e equals, n not equal, s starts with, c contains (like), k not like,
 * l less than, g greater than, m ≤, h ≥. All nine are listed on the official Products API page
 * (seed `ontraport-products-api-legacy.txt`); reference A.1 has them only from a third-party client.
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

export interface SearchOptions {
  /**
   * `<search page="2">`: searches return at most 500 records; `page` asks for a later page (official
   * Products API page). Positive integer.
   */
  readonly page?: number;
}

// A value for a `<field>`: arrays are multi-values, written `*/*a*/*b*/*`; Dates are written as
// Unix epoch seconds.
export type FieldInput = string | number | Date | readonly (string | number)[];

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
  /**
   * Text directly inside `<result>` (e.g. a success word), trimmed, or else the text of its
   * `<status>` element (`<result><status>Success</status></result>`, the form of the official
   * Products API page); undefined when there is neither.
   */
  readonly message: string | undefined;
  readonly contacts: readonly OntraportContact[];
  readonly products: readonly OntraportProduct[];
  /**
   * Other elements under `<result>`, as parsed. Purchases stay here: read them with
   * `decodePurchasesResponse`, and templates with `decodeKeyResponse`.
   */
  readonly others: readonly XmlElement[];
}

export type OntraportResponse =
  | { readonly ok: true; readonly result: OntraportResult }
  | { readonly ok: false; readonly failure: string };

/**
 * A purchase (a sale in a contact's purchase history), as returned by `sale` with `return_id=1`
 * (`<purchases contact_id="…" product_id="…" id="…"><field …/></purchases>`) and by `search_purchase`
 * (`<purchase …>`). Its fields are direct children; no `Group_Tag`.
 */
export interface OntraportPurchase {
  readonly id: number | undefined;
  readonly contactId: number | undefined;
  readonly productId: number | undefined;
  /** The `<field>` elements in document order. */
  readonly fieldList: readonly OntraportField[];
  /** The same fields by name (the first occurrence wins if a name repeats). */
  readonly fields: Readonly<Record<string, OntraportField>>;
  /** `Name`, or `Product Name` (the label `search_purchase` uses). */
  readonly name: string | undefined;
  /** `Price`: `$10.00` (sale) or `150` (search_purchase). */
  readonly price: number | undefined;
  readonly quantity: number | undefined;
  /** `Date`: epoch seconds (search_purchase) or `MM-DD-YYYY` (sale), read as UTC. */
  readonly date: Date | undefined;
  readonly status: string | undefined;
}

export type OntraportPurchasesResponse =
  | {
      readonly ok: true;
      readonly purchases: readonly OntraportPurchase[];
      /** The `<status>` text (`Success`), or the text directly inside `<result>`. */
      readonly message: string | undefined;
    }
  | { readonly ok: false; readonly failure: string };

/** One `<field name="…" type="…"/>` of a `key` template. */
export interface OntraportTemplateField {
  readonly name: string;
  /** e.g. `text`, `price`, `tdrop`, `numeric`, `number`, `timestamp` (official Products API page). */
  readonly type: string | undefined;
}

/** A `key` template: the fields an object (`product`, `purchases`, `contact`) takes. */
export interface OntraportTemplate {
  /** The element name: `product`, `purchases`, `contact`… */
  readonly object: string;
  /** Attribute names the object carries (`id`, `contact_id`, `product_id`), values left out. */
  readonly attributes: readonly string[];
  readonly groups: readonly {
    readonly name: string;
    readonly fields: readonly OntraportTemplateField[];
  }[];
  /** `<field>` elements directly inside the object (the purchases template has no groups). */
  readonly fields: readonly OntraportTemplateField[];
}

export type OntraportKeyResponse =
  | { readonly ok: true; readonly templates: readonly OntraportTemplate[] }
  | { readonly ok: false; readonly failure: string };

// ---- responses, written (simulators and tests) ---------------------------------------------

/** A field to write: `value` is converted to the wire form its `type` calls for. */
export interface FieldOutput {
  readonly name: string;
  readonly type?: string;
  readonly value: FieldValue;
}

export interface RecordOutput {
  readonly id?: number;
  readonly groups: readonly {
    readonly name: string;
    readonly fields: readonly FieldOutput[];
  }[];
}

export interface PurchaseOutput {
  readonly id?: number;
  readonly contactId?: number;
  readonly productId?: number;
  readonly fieldList: readonly FieldOutput[];
}

export interface ResultOutput {
  /** Text directly inside `<result>`. */
  readonly message?: string;
  /** `<status>…</status>` after the records, e.g. `Success`. */
  readonly status?: string;
  readonly contacts?: readonly RecordOutput[];
  readonly products?: readonly RecordOutput[];
  readonly purchases?: readonly PurchaseOutput[];
  /** `purchases` (the `sale` response, the default) or `purchase` (the `search_purchase` response). */
  readonly purchaseElement?: 'purchases' | 'purchase';
}

// ---- requests, read (simulators and tests) -------------------------------------------------

/** One `<field name="…">text</field>` of a request, the text as sent. */
export interface RequestField {
  readonly name: string;
  readonly value: string;
}

export interface RequestGroup {
  readonly name: string;
  readonly fields: readonly RequestField[];
}

/** A `<product>` or `<contact>` of an `add`/`update` request. */
export interface RequestRecord {
  readonly id: number | undefined;
  readonly groups: readonly RequestGroup[];
}

export interface DecodedEquation {
  readonly field: string;
  readonly op: SearchOperator;
  /** As sent: several values stay comma separated. */
  readonly value: string;
}

export interface DecodedSearch {
  readonly page: number | undefined;
  readonly equations: readonly DecodedEquation[];
}

export interface DecodedPurchaseHistory {
  readonly contactId: number | undefined;
  readonly productIds: readonly number[] | undefined;
  readonly startDate: Date | undefined;
  readonly endDate: Date | undefined;
  readonly quantity: number | undefined;
}

export interface DecodedTransactionProduct {
  readonly productId: number | undefined;
  readonly quantity: number | undefined;
  readonly externalId: number | undefined;
  readonly price: number | undefined;
  /** A product name, which creates the product when no id matches (official Products API page). */
  readonly name: string | undefined;
}

export interface DecodedTransaction {
  readonly contactId: number;
  /** Defaults to now on the server when absent. */
  readonly date: Date | undefined;
  readonly products: readonly DecodedTransactionProduct[];
}

/** The `data` of a pdata.php request, by `reqType`. */
export type ProductsRequestData =
  | {
      readonly reqType: 'sale';
      readonly contactId: number;
      readonly productId: number;
      /** Override fields (`Price`…), inside `<purchases>` or after it. */
      readonly fields: readonly RequestField[];
    }
  | {
      readonly reqType: 'refund';
      readonly purchaseId: number;
      /** The partial amount; undefined for a full refund. */
      readonly amount: number | undefined;
    }
  | { readonly reqType: 'delete'; readonly purchaseId: number }
  | { readonly reqType: 'add' | 'update'; readonly product: RequestRecord }
  | { readonly reqType: 'fetch'; readonly productIds: readonly number[] }
  | { readonly reqType: 'key' }
  | ({ readonly reqType: 'search' | 'search_purchase' } & DecodedSearch)
  | ({ readonly reqType: 'purchase_history' } & DecodedPurchaseHistory)
  | ({ readonly reqType: 'log_transaction' } & DecodedTransaction);

/** cdata.php request types this codec reads; the others come back with their raw `data`. */
export type ModelledContactsReqType =
  | 'add'
  | 'update'
  | 'fetch'
  | 'delete'
  | 'search'
  | 'add_tag'
  | 'remove_tag';

/** The `data` of a cdata.php request, by `reqType`. */
export type ContactsRequestData =
  | {
      readonly reqType: 'add' | 'update';
      readonly contacts: readonly RequestRecord[];
    }
  | {
      readonly reqType: 'fetch' | 'delete';
      readonly contactIds: readonly number[];
    }
  | ({ readonly reqType: 'search' } & DecodedSearch)
  | {
      readonly reqType: 'add_tag' | 'remove_tag';
      readonly contacts: readonly {
        readonly id: number;
        readonly tags: readonly string[];
      }[];
    }
  | {
      readonly reqType: Exclude<ContactsReqType, ModelledContactsReqType>;
      readonly data: string | undefined;
    };

/** The fields of the form body every request carries. */
export interface OntraportRequestForm extends OntraportCredentials {
  readonly reqType: string;
  readonly returnId: boolean;
  readonly forceAdd: boolean;
  /** `data` after URL decoding: once by the form, once more when it was encoded twice. */
  readonly data: string | undefined;
}

export interface DecodedProductsRequest extends OntraportCredentials {
  readonly returnId: boolean;
  readonly request: ProductsRequestData;
}

export interface DecodedContactsRequest extends OntraportCredentials {
  readonly returnId: boolean;
  readonly forceAdd: boolean;
  readonly request: ContactsRequestData;
}
