/**
 * fast-check arbitraries for ONTRAPORT requests and responses. Test support only; not exported.
 */
import fc from 'fast-check';
import {
  FieldInput,
  FieldOutput,
  SearchOperator,
} from '../ontraport-xml.types';

// Any code point XML 1.0 can carry.
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/** Text of characters XML can carry, with markup, `+`, `%` and `*` (the URL and `*\/*` traps) frequent. */
export const text = (
  options: { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        '&',
        '<',
        '>',
        '"',
        "'",
        '+',
        '%',
        '*',
        '/',
        ',',
        ' ',
        '\r',
        '\n',
        '\t',
        '$',
      ),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 1 })
        .filter((char) => XML_CHAR.test(char)),
    ),
    minLength: options.minLength ?? 0,
    maxLength: options.maxLength ?? 16,
  });

/** Text with something other than whitespace (labels, names, tags). */
export const label = text({ minLength: 1 }).filter(
  (value) => value.trim() !== '',
);

/** A field value that is one value: never blank, never containing the `*\/*` delimiter. */
export const singleText = label.filter((value) => !value.includes('*/*'));

export const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
export const smallId = fc.integer({ min: 1, max: 1_000_000 });

/** Whole cents up to ten million dollars, as a number. */
export const amount = fc
  .integer({ min: 0, max: 1_000_000_000 })
  .map((cents) => cents / 100);

/** A Date at whole seconds, after 1970 (epoch 0 reads as "no date"). */
export const epochDate = fc
  .integer({ min: 1, max: 253_402_300_799 })
  .map((seconds) => new Date(seconds * 1000));

/** Numbers that print without an exponent, as ONTRAPORT writes them. */
export const plainNumber = fc.oneof(
  fc
    .integer({ min: -1_000_000_000, max: 1_000_000_000 })
    .map((cents) => cents / 100),
  fc
    .double({ min: -1e12, max: 1e12, noNaN: true })
    .filter((value) => !String(value).includes('e') && !Object.is(value, -0)),
);

export const operator: fc.Arbitrary<SearchOperator> = fc.constantFrom(
  'e',
  'n',
  's',
  'c',
  'k',
  'l',
  'g',
  'm',
  'h',
);

/** One item of a `*\/*` multi-value: an item ending in `*\/` cannot be written unambiguously. */
export const listItem = singleText.filter((value) => !value.endsWith('*/'));
export const listItems = fc.array(listItem, { minLength: 1, maxLength: 4 });

/** What a request builder takes as a field value. */
export const fieldInput: fc.Arbitrary<FieldInput> = fc.oneof(
  text(),
  fc.integer(),
  epochDate,
  listItems,
);

/**
 * A response field whose value comes back exactly through `encodeResponse` → decode: the value
 * fits its `type` (numbers in price or untyped fields, Dates in timestamp fields, lists anywhere).
 */
export const responseField: fc.Arbitrary<FieldOutput> = fc
  .tuple(
    label,
    fc.oneof(
      fc.record({ type: fc.constant('text'), value: singleText }),
      fc.record({
        type: fc.constantFrom(undefined, 'price'),
        value: plainNumber,
      }),
      fc.record({
        type: fc.constantFrom('numeric', 'number'),
        value: plainNumber,
      }),
      fc.record({
        type: fc.constantFrom('timestamp', 'fulldate'),
        value: epochDate,
      }),
      fc.record({
        type: fc.constantFrom(undefined, 'list', 'text'),
        value: listItems,
      }),
      fc.record({
        type: fc.constantFrom(undefined, 'text', 'price', 'timestamp'),
        value: fc.constant(null),
      }),
      // Untyped text stays text unless it reads as `$…`.
      fc.record({
        type: fc.constant(undefined),
        value: singleText.filter((value) => !/^\s*-?\$/.test(value)),
      }),
    ),
  )
  .map(([name, { type, value }]) =>
    type === undefined ? { name, value } : { name, type, value },
  );
