/**
 * `data` for pdata.php (Products/Purchases), in the shapes of the official examples (reference A.1).
 */
import { fieldXml, groupsXml } from './ontraport-data.builder';
import {
  amountAsNumber,
  badInput,
  epochSeconds,
  formatAmount,
  keyPath,
  nonEmptyText,
  positiveId,
} from './ontraport-values';
import { Amount, FieldInput } from './ontraport-xml.types';

export interface SaleInput {
  readonly contactId: number;
  readonly productId: number;
  /** Overrides the product's price for this purchase (`<field name="Price">`). */
  readonly price?: Amount;
  /**
   * Other product fields to override, by label. Only `Price` appears in the official example; which
   * other labels the server honours is [UNCONFIRMED].
   */
  readonly overrides?: Readonly<Record<string, FieldInput>>;
  /**
   * Where the override fields go. `after` (the default): siblings after a self-closed
   * `<purchases/>`, as in the official PHP example (reference A.1). `inside`:
   * `<purchases …><field …/></purchases>`, as on the official Products API page. The two official
   * sources disagree and which one the server reads is [UNCONFIRMED].
   */
  readonly fieldLayout?: 'after' | 'inside';
}

/**
 * `reqType=sale`: `<purchases contact_id="12345" product_id="1"/><field name="Price">10.00</field>`.
 * One product per call: the example shows no way to put several products or a quantity in a sale
 * (use `buildLogTransactionData` for that). Send with `return_id=1` (the default for `sale`).
 */
export function buildSaleXml(input: SaleInput): string {
  const contactId = positiveId(input.contactId, 'contactId');
  const productId = positiveId(input.productId, 'productId');
  const overrides: string[] = [];
  if (input.price !== undefined) {
    overrides.push(
      `<field name="Price">${formatAmount(input.price, 'price', { allowZero: true })}</field>`,
    );
  }
  for (const [name, value] of Object.entries(input.overrides ?? {})) {
    const path = keyPath('overrides', name);
    if (name === 'Price' && input.price !== undefined) {
      throw badInput(path, 'Price is given twice (price and overrides.Price)');
    }
    overrides.push(fieldXml(name, value, 'overrides'));
  }
  const purchases = `<purchases contact_id="${contactId}" product_id="${productId}"`;
  const layout = input.fieldLayout ?? 'after';
  if (layout === 'inside' && overrides.length > 0) {
    return `${purchases}>${overrides.join('')}</purchases>`;
  }
  if (layout !== 'after' && layout !== 'inside') {
    throw badInput('fieldLayout', `"${String(layout)}" is not after or inside`);
  }
  return `${purchases}/>${overrides.join('')}`;
}

export interface RefundInput {
  readonly purchaseId: number;
  /** A partial refund; leave it out to refund the whole purchase. */
  readonly amount?: Amount;
}

/**
 * `reqType=refund`: `<purchases id="1234"><refund>5.00</refund></purchases>` for a partial refund,
 * `<purchases id="1234"/>` for a full one ("leave `<refund>` out for a full refund"; the example
 * does not show the full-refund element, so its self-closed form is our choice).
 */
export function buildRefundXml(input: RefundInput): string {
  const id = positiveId(input.purchaseId, 'purchaseId');
  if (input.amount === undefined) {
    return `<purchases id="${id}"/>`;
  }
  return `<purchases id="${id}"><refund>${formatAmount(input.amount, 'amount', { allowZero: false })}</refund></purchases>`;
}

/** `reqType=delete`: `<purchases id="4178"/>` deletes a purchase (a sale). */
export function buildDeletePurchaseXml(input: {
  readonly purchaseId: number;
}): string {
  return `<purchases id="${positiveId(input.purchaseId, 'purchaseId')}"/>`;
}

export interface ProductInput {
  readonly name: string;
  readonly price: Amount;
  /** More `Product Details` fields by label. Description and commission were dropped in 2015 (3.0). */
  readonly fields?: Readonly<Record<string, FieldInput>>;
}

/**
 * `reqType=add`:
 * `<product><Group_Tag name="Product Details"><field name="Name">…</field><field name="Price">250.00</field></Group_Tag></product>`.
 */
export function buildProductAddXml(input: ProductInput): string {
  nonEmptyText(input.name, 'name');
  if (input.price === undefined) {
    throw badInput('price', 'a new product needs a price');
  }
  return `<product>${productDetails(input)}</product>`;
}

export interface ProductUpdateInput extends Partial<ProductInput> {
  readonly id: number;
}

/** `reqType=update`: the same shape with `<product id="2">`; send with `return_id=1` (the default). */
export function buildProductUpdateXml(input: ProductUpdateInput): string {
  return `<product id="${positiveId(input.id, 'id')}">${productDetails(input)}</product>`;
}

/** `reqType=fetch`: `<product_id>1</product_id><product_id>2</product_id>`. */
export function buildProductFetchXml(productIds: readonly number[]): string {
  if (!Array.isArray(productIds) || productIds.length === 0) {
    throw badInput('productIds', 'at least one product id is needed');
  }
  return productIds
    .map(
      (id, index) =>
        `<product_id>${positiveId(id, `productIds[${index}]`)}</product_id>`,
    )
    .join('');
}

export interface PurchaseHistoryInput {
  readonly contactId?: number;
  /** Without dates the server searches the last 10 days; with only a start, 10 days from it. */
  readonly startDate?: Date;
  readonly endDate?: Date;
  readonly productIds?: readonly number[];
  readonly quantity?: number;
}

/**
 * `reqType=purchase_history`: dates as Unix timestamps, product ids comma separated; every part is
 * optional (official Products API page). (The official example has a stray `H` after the opening
 * tag, a typo we do not copy.)
 */
export function buildPurchaseHistoryXml(input: PurchaseHistoryInput): string {
  let xml = '<purchase_history>';
  if (input.contactId !== undefined) {
    xml += `<contact_id>${positiveId(input.contactId, 'contactId')}</contact_id>`;
  }
  const start =
    input.startDate === undefined
      ? undefined
      : epochSeconds(input.startDate, 'startDate');
  const end =
    input.endDate === undefined
      ? undefined
      : epochSeconds(input.endDate, 'endDate');
  if (start !== undefined && end !== undefined && end < start) {
    throw badInput('endDate', 'is before startDate');
  }
  if (start !== undefined) {
    xml += `<start_date>${start}</start_date>`;
  }
  if (end !== undefined) {
    xml += `<end_date>${end}</end_date>`;
  }
  if (input.productIds !== undefined) {
    if (input.productIds.length === 0) {
      throw badInput(
        'productIds',
        'leave it out instead of sending an empty list',
      );
    }
    xml += `<product_id>${input.productIds.map((id, index) => positiveId(id, `productIds[${index}]`)).join(',')}</product_id>`;
  }
  if (input.quantity !== undefined) {
    xml += `<quantity>${positiveId(input.quantity, 'quantity')}</quantity>`;
  }
  return `${xml}</purchase_history>`;
}

export interface TransactionProductInput {
  /** The product; may be left out when `name` is given, which makes the server create it. */
  readonly productId?: number;
  readonly quantity?: number;
  /** A hidden alternative id (e.g. a SKU number); matched first (official Products API page). */
  readonly externalId?: number;
  readonly price?: Amount;
  readonly name?: string;
}

export interface TransactionInput {
  readonly contactId: number;
  /** Defaults to now on the server when left out. */
  readonly date?: Date;
  readonly products: readonly TransactionProductInput[];
}

/**
 * `reqType=log_transaction`: the one request whose `data` is JSON, e.g.
 * `{"contact_id":123456,"date":1366625710,"products":[{"product_id":6,"quantity":2,"external_id":13,"price":275}]}`.
 * quantity, external_id and price are optional per product; a product without `product_id` needs a
 * `name` ("If no product_id is passed and no product name is specified, the transaction will fail").
 * The example posts it to the https host.
 */
export function buildLogTransactionData(input: TransactionInput): string {
  if (!Array.isArray(input.products) || input.products.length === 0) {
    throw badInput('products', 'at least one product is needed');
  }
  const products = input.products.map((product, index) => {
    const path = `products[${index}]`;
    const entry: Record<string, number | string> = {};
    if (product.productId !== undefined) {
      entry['product_id'] = Number(
        positiveId(product.productId, `${path}.productId`),
      );
    } else if (product.name === undefined) {
      throw badInput(path, 'a product needs a productId or a name');
    }
    if (product.quantity !== undefined) {
      entry['quantity'] = Number(
        positiveId(product.quantity, `${path}.quantity`),
      );
    }
    if (product.externalId !== undefined) {
      entry['external_id'] = Number(
        positiveId(product.externalId, `${path}.externalId`),
      );
    }
    if (product.price !== undefined) {
      entry['price'] = amountAsNumber(product.price, `${path}.price`);
    }
    if (product.name !== undefined) {
      entry['name'] = nonEmptyText(product.name, `${path}.name`);
    }
    return entry;
  });
  return JSON.stringify({
    contact_id: Number(positiveId(input.contactId, 'contactId')),
    date:
      input.date === undefined ? undefined : epochSeconds(input.date, 'date'),
    products,
  });
}

function productDetails(input: Partial<ProductInput>): string {
  // No prototype, so labels such as `constructor` or `__proto__` are plain keys.
  const fields = Object.create(null) as Record<string, FieldInput>;
  if (input.name !== undefined) {
    fields['Name'] = nonEmptyText(input.name, 'name');
  }
  if (input.price !== undefined) {
    fields['Price'] = formatAmount(input.price, 'price', { allowZero: true });
  }
  for (const [name, value] of Object.entries(input.fields ?? {})) {
    if (name in fields) {
      throw badInput(keyPath('fields', name), `${name} is given twice`);
    }
    fields[name] = value;
  }
  return groupsXml({ 'Product Details': fields }, 'fields');
}
