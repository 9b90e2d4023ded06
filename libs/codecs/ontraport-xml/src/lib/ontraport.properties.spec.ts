/**
 * Property-based tests (fast-check): values, requests and responses survive a trip through the wire
 * form and back, and no input makes a decoder throw anything but a `CodecError` with a known code.
 */
import fc from 'fast-check';
import {
  amount,
  epochDate,
  fieldInput,
  id,
  label,
  listItem,
  listItems,
  operator,
  plainNumber,
  responseField,
  singleText,
  smallId,
  text,
} from './testing/ontraport.arbitraries.test-helper';
import {
  buildContactAddXml,
  buildContactIdsXml,
  buildContactSearchByEmailXml,
  buildContactsUpdateXml,
  buildContactTagsXml,
  buildDeletePurchaseXml,
  buildLogTransactionData,
  buildProductAddXml,
  buildProductFetchXml,
  buildProductUpdateXml,
  buildPurchaseHistoryXml,
  buildRefundXml,
  buildSaleXml,
  buildSearchXml,
  CodecError,
  ContactsRequest,
  ContactsRequestData,
  decodeContactsRequest,
  decodeKeyResponse,
  decodeProductsRequest,
  decodePurchasesResponse,
  decodeResponse,
  encodeContactsRequest,
  encodeFailureResponse,
  encodeKeyResponse,
  encodeProductsRequest,
  encodeResponse,
  FieldInput,
  formatDollars,
  formatEpochSeconds,
  formatMultiValue,
  ONTRAPORT_ERROR_CODES,
  OntraportTemplate,
  parseDollars,
  parseEpochSeconds,
  parseMultiValue,
  ProductsRequest,
  ProductsRequestData,
  RecordOutput,
  XML_ERROR_CODES,
} from '../index';
// Not exported: the two-decimal request amounts and the request field form.
import { formatAmount, formatFieldValue } from './ontraport-values';

const RUNS = { numRuns: 200 };
const KNOWN_CODES: readonly string[] = [
  ...XML_ERROR_CODES,
  ...ONTRAPORT_ERROR_CODES,
];
const credentials = { appId: '2_26778_abcd', key: 'k3y/+=' };
const seconds = (date: Date): Date =>
  new Date(Math.floor(date.getTime() / 1000) * 1000);
const wire = (value: FieldInput): string => formatFieldValue(value, 'value');
const entries = <T>(record: Readonly<Record<string, T>>): [string, T][] =>
  Object.entries(record);
const fieldsOf = (record: Readonly<Record<string, FieldInput>>) =>
  entries(record).map(([name, value]) => ({ name, value: wire(value) }));
const uniqueLabels = (max: number) => fc.uniqueArray(label, { maxLength: max });
/**
 * An object keyed by unique generated labels (own data properties, so `__proto__` is a key like any
 * other), each with a value from `values`.
 */
const keyed = <T>(
  values: fc.Arbitrary<T>,
  max: number,
): fc.Arbitrary<Record<string, T>> =>
  fc
    .tuple(
      uniqueLabels(max),
      fc.array(values, { minLength: max, maxLength: max }),
    )
    .map(([names, generated]) => {
      const record: Record<string, T> = {};
      names.forEach((name, index) =>
        Object.defineProperty(record, name, {
          value: generated[index],
          enumerable: true,
        }),
      );
      return record;
    });
const fieldRecord = (max = 3) => keyed(fieldInput, max);
const nonEmptyFields = fieldRecord().filter(
  (fields) => Object.keys(fields).length > 0,
);
const dataEncoding = fc.constantFrom('double' as const, 'single' as const);

type Case<R, D> = fc.Arbitrary<{ request: R; expected: D }>;

/** Builder input → the request the builders and `encodeProductsRequest` send, and what decoding must give. */
const productsCases: Case<
  Omit<ProductsRequest, 'appId' | 'key'>,
  ProductsRequestData
>[] = [
  fc
    .record({
      contactId: id,
      productId: id,
      price: fc.option(amount, { nil: undefined }),
      overrides: fieldRecord().filter((fields) => !('Price' in fields)),
      fieldLayout: fc.constantFrom('after' as const, 'inside' as const),
    })
    .map((input) => ({
      request: { reqType: 'sale', data: buildSaleXml(input) },
      expected: {
        reqType: 'sale',
        contactId: input.contactId,
        productId: input.productId,
        fields: [
          ...(input.price === undefined
            ? []
            : [
                {
                  name: 'Price',
                  value: formatAmount(input.price, 'price', {
                    allowZero: true,
                  }),
                },
              ]),
          ...fieldsOf(input.overrides),
        ],
      },
    })),
  fc
    .record({
      purchaseId: id,
      amount: fc.option(
        amount.filter((value) => value > 0),
        { nil: undefined },
      ),
    })
    .map((input) => ({
      request: { reqType: 'refund', data: buildRefundXml(input) },
      expected: {
        reqType: 'refund',
        purchaseId: input.purchaseId,
        amount: input.amount,
      },
    })),
  id.map((purchaseId) => ({
    request: {
      reqType: 'delete',
      data: buildDeletePurchaseXml({ purchaseId }),
    },
    expected: { reqType: 'delete', purchaseId },
  })),
  fc
    .record({
      update: fc.boolean(),
      id,
      name: label,
      price: amount,
      fields: fieldRecord().filter(
        (fields) => !('Name' in fields) && !('Price' in fields),
      ),
    })
    .map(({ update, id: productId, ...input }) => ({
      request: update
        ? {
            reqType: 'update',
            data: buildProductUpdateXml({ id: productId, ...input }),
          }
        : { reqType: 'add', data: buildProductAddXml(input) },
      expected: {
        reqType: update ? 'update' : 'add',
        product: {
          id: update ? productId : undefined,
          groups: [
            {
              name: 'Product Details',
              fields: [
                { name: 'Name', value: input.name },
                {
                  name: 'Price',
                  value: formatAmount(input.price, 'price', {
                    allowZero: true,
                  }),
                },
                ...fieldsOf(input.fields),
              ],
            },
          ],
        },
      },
    })),
  fc.array(id, { minLength: 1, maxLength: 5 }).map((productIds) => ({
    request: { reqType: 'fetch', data: buildProductFetchXml(productIds) },
    expected: { reqType: 'fetch', productIds },
  })),
  fc.constant({ request: { reqType: 'key' }, expected: { reqType: 'key' } }),
  fc
    .record({
      purchases: fc.boolean(),
      page: fc.option(smallId, { nil: undefined }),
      equations: fc.array(
        fc.record({
          field: label,
          op: operator,
          value: fc.oneof(
            text(),
            fc.integer(),
            fc.array(
              label.filter((v) => !v.includes(',')),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ purchases, page, equations }) => ({
      request: {
        reqType: purchases ? 'search_purchase' : 'search',
        data: buildSearchXml(equations, { page }),
      },
      expected: {
        reqType: purchases ? 'search_purchase' : 'search',
        page,
        equations: equations.map(({ field, op, value }) => ({
          field,
          op,
          value: Array.isArray(value) ? value.join(',') : String(value),
        })),
      },
    })),
  fc
    .record(
      {
        contactId: smallId,
        startDate: epochDate,
        endDate: epochDate,
        productIds: fc.array(smallId, { minLength: 1, maxLength: 4 }),
        quantity: smallId,
      },
      { requiredKeys: [] },
    )
    .map((input) => {
      const [startDate, endDate] =
        input.startDate && input.endDate && input.endDate < input.startDate
          ? [input.endDate, input.startDate]
          : [input.startDate, input.endDate];
      const ordered = { ...input, startDate, endDate };
      return {
        request: {
          reqType: 'purchase_history',
          data: buildPurchaseHistoryXml(ordered),
        },
        expected: {
          reqType: 'purchase_history',
          contactId: ordered.contactId,
          productIds: ordered.productIds,
          startDate: startDate && seconds(startDate),
          endDate: endDate && seconds(endDate),
          quantity: ordered.quantity,
        },
      };
    }),
  fc
    .record({
      contactId: id,
      date: fc.option(epochDate, { nil: undefined }),
      products: fc.array(
        fc.record(
          {
            productId: smallId,
            quantity: smallId,
            externalId: smallId,
            price: amount,
            name: label,
          },
          { requiredKeys: ['productId'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map((input) => ({
      request: {
        reqType: 'log_transaction',
        data: buildLogTransactionData(input),
      },
      expected: {
        reqType: 'log_transaction',
        contactId: input.contactId,
        date: input.date,
        products: input.products.map((product) => ({
          productId: product.productId,
          quantity: product.quantity,
          externalId: product.externalId,
          price: product.price,
          name: product.name,
        })),
      },
    })),
];

const groupsInput = keyed(nonEmptyFields, 2).filter(
  (groups) => Object.keys(groups).length > 0,
);
const groupsOf = (
  groups: Readonly<Record<string, Readonly<Record<string, FieldInput>>>>,
) =>
  entries(groups).map(([name, fields]) => ({ name, fields: fieldsOf(fields) }));

const contactsCases: Case<
  Omit<ContactsRequest, 'appId' | 'key'>,
  ContactsRequestData
>[] = [
  fc
    .record({
      email: label,
      firstName: text(),
      lastName: text(),
      tags: listItems,
      sequenceIds: fc.array(smallId, { maxLength: 3 }),
    })
    .map((input) => ({
      request: { reqType: 'add', data: buildContactAddXml(input) },
      expected: {
        reqType: 'add',
        contacts: [
          {
            id: undefined,
            groups: [
              {
                name: 'Contact Information',
                fields: [
                  { name: 'First Name', value: input.firstName },
                  { name: 'Last Name', value: input.lastName },
                  { name: 'Email', value: input.email },
                ],
              },
              {
                name: 'Sequences and Tags',
                fields: [
                  { name: 'Contact Tags', value: formatMultiValue(input.tags) },
                  {
                    name: 'Sequences',
                    value: formatMultiValue(input.sequenceIds),
                  },
                ],
              },
            ],
          },
        ],
      },
    })),
  fc
    .array(fc.record({ id, groups: groupsInput }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((contacts) => ({
      request: { reqType: 'update', data: buildContactsUpdateXml(contacts) },
      expected: {
        reqType: 'update',
        contacts: contacts.map((contact) => ({
          id: contact.id,
          groups: groupsOf(contact.groups),
        })),
      },
    })),
  fc
    .record({
      remove: fc.boolean(),
      ids: fc.array(id, { minLength: 1, maxLength: 4 }),
    })
    .map(({ remove, ids }) => ({
      request: {
        reqType: remove ? 'delete' : 'fetch',
        data: buildContactIdsXml(ids),
      },
      expected: { reqType: remove ? 'delete' : 'fetch', contactIds: ids },
    })),
  fc
    .record({
      email: label,
      field: fc.option(label, { nil: undefined }),
      op: fc.option(operator, { nil: undefined }),
    })
    .map(({ email, field, op }) => ({
      request: {
        reqType: 'search',
        data: buildContactSearchByEmailXml(email, { field, op }),
      },
      expected: {
        reqType: 'search',
        page: undefined,
        equations: [{ field: field ?? 'Email', op: op ?? 'e', value: email }],
      },
    })),
  fc
    .record({
      remove: fc.boolean(),
      contactId: id,
      tags: fc.array(label, { minLength: 1, maxLength: 4 }),
    })
    .map(({ remove, contactId, tags }) => ({
      request: {
        reqType: remove ? 'remove_tag' : 'add_tag',
        data: buildContactTagsXml({ contactId, tags }),
      },
      expected: {
        reqType: remove ? 'remove_tag' : 'add_tag',
        contacts: [{ id: contactId, tags }],
      },
    })),
];

describe('properties: values to the wire and back', () => {
  it('dollars: formatDollars → parseDollars is exact, with thousands separators', () => {
    fc.assert(
      fc.property(plainNumber, (value) => {
        const written = formatDollars(value);
        expect(written).toMatch(/^-?\$\d{1,3}(,\d{3})*\.\d{2,}$/);
        expect(parseDollars(written)).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 500 },
    );
  });

  it('amounts: two decimals for any whole number of cents', () => {
    fc.assert(
      fc.property(amount, (value) => {
        const written = formatAmount(value, 'amount', { allowZero: true });
        expect(written).toMatch(/^\d+\.\d{2}$/);
        expect(Number(written)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('epoch dates: whole seconds, and 0 reads as no date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(0),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const written = formatEpochSeconds(date);
          expect(written).toMatch(/^\d+$/);
          const read = parseEpochSeconds(written);
          expect(read).toEqual(written === '0' ? null : seconds(date));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('multi-values: formatMultiValue → parseMultiValue gives the items back', () => {
    fc.assert(
      fc.property(fc.array(listItem, { maxLength: 6 }), (items) => {
        expect(parseMultiValue(formatMultiValue(items))).toEqual(items);
      }),
      { numRuns: 500 },
    );
  });
});

describe('properties: requests, built and encoded, decode to what was built', () => {
  it('pdata.php: every request type, data encoded once or twice', () => {
    fc.assert(
      fc.property(
        fc.oneof(...productsCases),
        dataEncoding,
        fc.boolean(),
        ({ request, expected }, encoding, returnId) => {
          const body = encodeProductsRequest({
            ...credentials,
            ...request,
            dataEncoding: encoding,
            returnId,
          });
          expect(decodeProductsRequest(body)).toEqual({
            ...credentials,
            returnId,
            request: expected,
          });
        },
      ),
      RUNS,
    );
  });

  it('cdata.php: the requests an integration sends, data encoded once or twice', () => {
    fc.assert(
      fc.property(
        fc.oneof(...contactsCases),
        dataEncoding,
        fc.boolean(),
        ({ request, expected }, encoding, forceAdd) => {
          const force = forceAdd && request.reqType === 'add';
          const body = encodeContactsRequest({
            ...credentials,
            ...request,
            dataEncoding: encoding,
            forceAdd: force,
          });
          expect(decodeContactsRequest(body)).toEqual({
            ...credentials,
            returnId: request.reqType === 'add' || request.reqType === 'update',
            forceAdd: force,
            request: expected,
          });
        },
      ),
      RUNS,
    );
  });
});

const record = (fieldCount: number): fc.Arbitrary<RecordOutput> =>
  fc.record({
    id: fc.option(id, { nil: undefined }),
    groups: fc.array(
      fc.record({
        name: text(),
        fields: fc.array(responseField, { maxLength: fieldCount }),
      }),
      { maxLength: 3 },
    ),
  });
const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
const fieldsView = (
  fields: readonly { name: string; type?: string; value: unknown }[],
) =>
  fields.map(({ name, type, value }) =>
    withoutUndefined({ name, type, value }),
  );
const recordView = (value: RecordOutput) => ({
  id: value.id,
  groups: value.groups.map((group) => ({
    name: group.name,
    fields: fieldsView(group.fields),
  })),
});

describe('properties: responses, encoded, decode to what was encoded', () => {
  it('contacts and products, with every kind of field value and a message', () => {
    fc.assert(
      fc.property(
        fc.array(record(4), { maxLength: 3 }),
        fc.array(record(4), { maxLength: 3 }),
        fc.option(
          singleText.filter((value) => !/^\s*fail/i.test(value)),
          { nil: undefined },
        ),
        (contacts, products, message) => {
          const response = decodeResponse(
            encodeResponse({ message, contacts, products }),
          );
          if (!response.ok) {
            throw new Error(`expected ok, got ${response.failure}`);
          }
          expect(response.result.message).toBe(message?.trim() || undefined);
          expect(response.result.contacts.map(recordView)).toEqual(
            contacts.map(recordView),
          );
          expect(response.result.products.map(recordView)).toEqual(
            products.map(recordView),
          );
        },
      ),
      RUNS,
    );
  });

  it('purchases, in either element form, with a status', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.option(id, { nil: undefined }),
            contactId: fc.option(id, { nil: undefined }),
            productId: fc.option(id, { nil: undefined }),
            fieldList: fc.array(
              responseField.filter(
                (field) =>
                  ![
                    'Name',
                    'Product Name',
                    'Price',
                    'Quantity',
                    'Date',
                    'Status',
                  ].includes(field.name),
              ),
              { maxLength: 4 },
            ),
          }),
          { maxLength: 4 },
        ),
        fc.constantFrom('purchases' as const, 'purchase' as const),
        (purchases, purchaseElement) => {
          const response = decodePurchasesResponse(
            encodeResponse({ purchases, purchaseElement, status: 'Success' }),
          );
          if (!response.ok) {
            throw new Error(`expected ok, got ${response.failure}`);
          }
          expect(response.message).toBe('Success');
          expect(
            response.purchases.map(
              ({ id: purchaseId, contactId, productId, fieldList }) => ({
                id: purchaseId,
                contactId,
                productId,
                fieldList: fieldsView(fieldList),
              }),
            ),
          ).toEqual(
            purchases.map((purchase) => ({
              ...purchase,
              fieldList: fieldsView(purchase.fieldList),
            })),
          );
        },
      ),
      RUNS,
    );
  });

  it('key templates', () => {
    const name = fc
      .stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/)
      .filter((value) => value !== 'status');
    const templateField = fc.record({
      name: label,
      type: fc.option(label, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            object: name,
            attributes: fc.uniqueArray(name, { maxLength: 3 }),
            groups: fc.array(
              fc.record({
                name: text(),
                fields: fc.array(templateField, { maxLength: 3 }),
              }),
              { maxLength: 2 },
            ),
            fields: fc.array(templateField, { maxLength: 3 }),
          }),
          { maxLength: 3 },
        ),
        (templates: OntraportTemplate[]) => {
          expect(decodeKeyResponse(encodeKeyResponse(templates))).toEqual({
            ok: true,
            templates,
          });
        },
      ),
      RUNS,
    );
  });

  it('failures, in either form, with or without detail', () => {
    fc.assert(
      fc.property(
        fc.option(singleText, { nil: undefined }),
        fc.constantFrom('failure' as const, 'status' as const),
        (detail, form) => {
          const xml = encodeFailureResponse(detail, form);
          for (const decode of [
            decodeResponse,
            decodePurchasesResponse,
            decodeKeyResponse,
          ]) {
            const response = decode(xml);
            expect(response.ok).toBe(false);
            if (!response.ok && detail !== undefined) {
              expect(response.failure).toContain(detail.trim());
            }
          }
        },
      ),
      RUNS,
    );
  });
});

/** Runs `decode`; it may return, or throw a `CodecError` with a known code, nothing else. */
function returnsOrRefuses(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof CodecError) || !KNOWN_CODES.includes(error.code)) {
      throw new Error(`not a CodecError with a known code: ${String(error)}`);
    }
  }
}

const splice = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 6 }),
  insert: fc.oneof(
    text({ maxLength: 3 }),
    fc.constantFrom(
      '<',
      '>',
      '</result>',
      '<field name="x">',
      '$',
      '*/*',
      '&',
      '%',
      '%25',
      '=',
      '&data=',
      '<!DOCTYPE a>',
      '\u0001',
      '\uFEFF',
      '0',
    ),
  ),
});
const mutate = (
  input: string,
  splices: readonly { at: number; length: number; insert: string }[],
): string =>
  splices.reduce((current, { at, length, insert }) => {
    const position = at % (current.length + 1);
    return (
      current.slice(0, position) + insert + current.slice(position + length)
    );
  }, input);

describe('properties: hostile input', () => {
  it('every response decoder returns or refuses with a CodecError on mutated responses', () => {
    fc.assert(
      fc.property(
        fc.array(record(3), { maxLength: 2 }),
        fc.array(splice, { minLength: 1, maxLength: 4 }),
        (products, splices) => {
          const broken = mutate(
            encodeResponse({
              products,
              purchases: [{ id: 1, fieldList: [] }],
              status: 'Success',
            }),
            splices,
          );
          returnsOrRefuses(() => decodeResponse(broken));
          returnsOrRefuses(() => decodePurchasesResponse(broken));
          returnsOrRefuses(() => decodeKeyResponse(broken));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the request decoders return or refuse with a CodecError on mutated form bodies', () => {
    fc.assert(
      fc.property(
        fc.oneof(...productsCases),
        fc.oneof(...contactsCases),
        dataEncoding,
        fc.array(splice, { minLength: 1, maxLength: 4 }),
        (products, contacts, encoding, splices) => {
          const productsBody = encodeProductsRequest({
            ...credentials,
            ...products.request,
            dataEncoding: encoding,
          });
          const contactsBody = encodeContactsRequest({
            ...credentials,
            ...contacts.request,
            dataEncoding: encoding,
          });
          returnsOrRefuses(() =>
            decodeProductsRequest(mutate(productsBody, splices)),
          );
          returnsOrRefuses(() =>
            decodeContactsRequest(mutate(contactsBody, splices)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every decoder returns or refuses with a CodecError on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text({ maxLength: 60 }),
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'binary', maxLength: 60 }),
        ),
        (input) => {
          returnsOrRefuses(() => decodeResponse(input));
          returnsOrRefuses(() => decodePurchasesResponse(input));
          returnsOrRefuses(() => decodeKeyResponse(input));
          returnsOrRefuses(() => decodeProductsRequest(input));
          returnsOrRefuses(() => decodeContactsRequest(input));
        },
      ),
      { numRuns: 400 },
    );
  });
});
