/*
 * Hostile-input-safe XML reading and escaping, shared by the XML codecs (`@hub/codecs-xml-rpc`,
 * `@hub/codecs-ontraport-xml`). Every failure is a `CodecError` with an `XML_…` code; its `codec`
 * is the name the caller passes (so a codec's errors all carry that codec's name), `xml` otherwise.
 *
 * How a document is read: DTDs are refused by a text check before anything else; one linear,
 * non-recursive pass of our own then builds the element tree while it enforces the depth and element
 * limits, matches tags, refuses reserved names and decodes entities itself (the five XML built-ins
 * and numeric character references, nothing else); fast-xml-parser's validator finally checks
 * well-formedness independently. Why not fast-xml-parser's own tree builder: it accepts a DOCTYPE and
 * expands entities from it, tolerates control characters, text after the root and unknown entity
 * references, and it parsed a second time what the validator had just read, which made decoding
 * slower than the `xmlrpc` package's sax-based reader (see tools/bench/README.md).
 */
import { XMLValidator } from 'fast-xml-parser';
import { CodecError, XML_CODEC, XmlErrorCode } from './codec-error';

export interface XmlLimits {
  /** Maximum UTF-8 size of the document in bytes. */
  readonly maxBytes: number;
  /** Maximum element nesting; the root element is depth 1. */
  readonly maxDepth: number;
  /** Maximum number of elements in the document. */
  readonly maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 200_000,
});

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Text (entities decoded, CDATA merged in) and child elements, in document order. */
  readonly children: readonly XmlChild[];
}

export type XmlChild = XmlElement | string;

const FORBIDDEN_DECLARATION = /^<!(DOCTYPE|ENTITY)/i;
// Characters outside the XML 1.0 `Char` production (control characters, lone surrogates, U+FFFE/F).
const INVALID_XML_CHAR =
  /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
// The XML 1.0 `Name` production (element and attribute names).
const XML_NAME =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u;
// Refused as element and attribute names, as fast-xml-parser does: a consumer that indexes an object
// by name must never meet them.
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
// ` name = "value"` or `'value'`, sticky so attributes are read one after another from a position.
const ATTRIBUTE =
  /[ \t\n]+([^ \t\n=]+)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')/y;
const XML_WHITESPACE = /^[ \t\n]*$/;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const SEMICOLON = 0x3b;
const AMPERSAND = 0x26;
const BANG = 0x21;
const QUESTION = 0x3f;

/**
 * Parses a complete XML document into a plain element tree, or throws a `CodecError` whose `codec`
 * is `codec`.
 */
export function parseXml(
  input: string,
  limits: Partial<XmlLimits> = {},
  codec: string = XML_CODEC,
): XmlElement {
  const bounds: XmlLimits = { ...DEFAULT_XML_LIMITS, ...limits };
  if (typeof input !== 'string') {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      `expected the document as a string, got ${typeof input}`,
    );
  }
  const size = utf8ByteLength(input, bounds.maxBytes);
  if (size > bounds.maxBytes) {
    throw xmlError(
      codec,
      'XML_TOO_LARGE',
      `document exceeds ${bounds.maxBytes} bytes`,
    );
  }
  const forbidden = forbiddenDeclaration(input);
  if (forbidden !== undefined) {
    throw xmlError(
      codec,
      'XML_DOCTYPE_FORBIDDEN',
      `<!${forbidden} declarations are refused (entity expansion / external entity risk)`,
    );
  }
  // A leading byte-order mark survives some HTTP clients' decoding; it is not part of the document.
  let xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (xml.includes('\r')) {
    xml = xml.replace(/\r\n?/g, '\n');
  }
  assertXmlChars(xml, codec);
  if (XML_WHITESPACE.test(xml)) {
    throw xmlError(codec, 'XML_MALFORMED', 'document is empty');
  }
  const root = new TreeBuilder(xml, bounds, codec).build();
  // An independent well-formedness check: anything the builder let through must satisfy it too.
  const validation = XMLValidator.validate(xml, {
    allowBooleanAttributes: false,
  });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw xmlError(
      codec,
      'XML_MALFORMED',
      `${msg} (line ${line}, column ${col})`,
    );
  }
  return root;
}

export function childElements(element: XmlElement): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string') {
      elements.push(child);
    }
  }
  return elements;
}

/** The element's own text (not its descendants'), exactly as written after entity decoding. */
export function ownText(element: XmlElement): string {
  let text = '';
  for (const child of element.children) {
    if (typeof child === 'string') {
      text += child;
    }
  }
  return text;
}

/** Escapes character data; `\r` becomes a reference so it survives the parser's line-end normalization. */
export function escapeXmlText(
  value: string,
  codec: string = XML_CODEC,
): string {
  // Most values are plain: one pass that finds nothing to escape or refuse returns the string itself.
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0x3f ? unit < 0xd800 : unit >= 0x20 && !isMarkupChar(unit)) {
      continue;
    }
    assertXmlChars(value, codec);
    return value.replace(/[&<>"'\r]/g, (char) => ESCAPES[char]);
  }
  return value;
}

/** Escapes an attribute value; tab and newlines become references so attribute normalization keeps them. */
export function escapeXmlAttribute(
  value: string,
  codec: string = XML_CODEC,
): string {
  assertXmlChars(value, codec);
  return /[&<>"'\r\n\t]/.test(value)
    ? value.replace(/[&<>"'\r\n\t]/g, (char) => ESCAPES[char])
    : value;
}

/** `"`, `&`, `'`, `<` and `>`: the characters below U+003F that text escaping rewrites. */
function isMarkupChar(unit: number): boolean {
  return (
    unit === 0x22 ||
    unit === 0x26 ||
    unit === 0x27 ||
    unit === 0x3c ||
    unit === 0x3e
  );
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/**
 * `DOCTYPE` or `ENTITY` when the text holds such a declaration anywhere (inside CDATA or comments
 * too). Looks only where `<!` occurs, which is rare, instead of running a case-insensitive regex
 * over the whole document.
 */
function forbiddenDeclaration(text: string): string | undefined {
  for (let at = text.indexOf('<!'); at >= 0; at = text.indexOf('<!', at + 2)) {
    const match = FORBIDDEN_DECLARATION.exec(text.slice(at, at + 9));
    if (match) {
      return match[1].toUpperCase();
    }
  }
  return undefined;
}

/** Typed so that only `XML_…` codes can be raised here. */
function xmlError(
  codec: string,
  code: XmlErrorCode,
  detail: string,
): CodecError<XmlErrorCode> {
  return new CodecError(codec, code, detail);
}

function assertXmlChars(value: string, codec: string): void {
  // A loop over UTF-16 units: several times faster than the equivalent /u regex on large documents.
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (
      (unit >= 0x20 && unit < 0xd800) ||
      unit === 0x0a ||
      unit === 0x09 ||
      unit === 0x0d ||
      (unit >= 0xe000 && unit <= 0xfffd)
    ) {
      continue;
    }
    if (
      unit <= 0xdbff &&
      unit >= 0xd800 &&
      isLowSurrogate(value.charCodeAt(i + 1))
    ) {
      i++;
      continue;
    }
    const codePoint = value.codePointAt(i) ?? 0;
    throw xmlError(
      codec,
      'XML_INVALID_CHARACTER',
      `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at offset ${i} cannot appear in XML 1.0`,
    );
  }
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Byte length without allocating; stops counting once past `stopAfter`. */
function utf8ByteLength(value: string, stopAfter: number): number {
  if (value.length * 3 <= stopAfter) {
    return value.length;
  }
  let bytes = 0;
  for (let i = 0; i < value.length && bytes <= stopAfter; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      bytes += 4;
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

interface OpenElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlChild[];
}

/**
 * One linear pass that builds the tree: no recursion (a 100,000-level document costs a loop, not a
 * stack), the depth and element limits checked as each start tag is met, every tag matched.
 */
class TreeBuilder {
  private readonly open: OpenElement[] = [];
  private root: OpenElement | undefined;
  private elements = 0;

  constructor(
    private readonly xml: string,
    private readonly limits: XmlLimits,
    private readonly codec: string,
  ) {}

  build(): XmlElement {
    const { xml } = this;
    let index = 0;
    while (index < xml.length) {
      const lt = xml.indexOf('<', index);
      const textEnd = lt < 0 ? xml.length : lt;
      if (textEnd > index) {
        this.text(xml.slice(index, textEnd), index);
      }
      if (lt < 0) {
        break;
      }
      switch (xml.charCodeAt(lt + 1)) {
        case SLASH:
          index = this.endTag(lt);
          break;
        case BANG:
          index = this.declaration(lt);
          break;
        case QUESTION:
          index = this.processingInstruction(lt);
          break;
        default:
          index = this.startTag(lt);
      }
    }
    if (this.open.length > 0) {
      throw this.malformed(
        'document ends before all elements are closed (truncated?)',
      );
    }
    if (this.root === undefined) {
      throw this.malformed('document has no root element');
    }
    return this.root;
  }

  private text(raw: string, offset: number): void {
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) {
      if (!XML_WHITESPACE.test(raw)) {
        throw this.malformed(
          `text outside the root element at offset ${offset}`,
        );
      }
      return;
    }
    appendText(parent, decodeEntities(raw, this.codec));
  }

  private startTag(lt: number): number {
    const gt = startTagEnd(this.xml, lt, this.codec);
    const selfClosing = this.xml.charCodeAt(gt - 1) === SLASH;
    const body = this.xml.slice(lt + 1, selfClosing ? gt - 1 : gt);
    this.elements++;
    if (this.elements > this.limits.maxElements) {
      throw xmlError(
        this.codec,
        'XML_TOO_MANY_ELEMENTS',
        `document has more than ${this.limits.maxElements} elements`,
      );
    }
    if (this.open.length + 1 > this.limits.maxDepth) {
      throw xmlError(
        this.codec,
        'XML_TOO_DEEP',
        `elements nest deeper than ${this.limits.maxDepth} levels`,
      );
    }
    const element = startTagElement(body, lt, this.codec);
    const parent = this.open[this.open.length - 1];
    if (parent !== undefined) {
      parent.children.push(element);
    } else if (this.root === undefined) {
      this.root = element;
    } else {
      throw this.malformed(
        `a second root element at offset ${lt}: a document has exactly one`,
      );
    }
    if (!selfClosing) {
      this.open.push(element);
    }
    return gt + 1;
  }

  private endTag(lt: number): number {
    const { xml } = this;
    const gt = xml.indexOf('>', lt + 2);
    if (gt < 0) {
      throw this.malformed(`unterminated end tag at offset ${lt}`);
    }
    const element = this.open.pop();
    if (element === undefined) {
      throw this.malformed(`end tag without a start tag at offset ${lt}`);
    }
    const nameEnd = lt + 2 + element.name.length;
    // Compared in place (no copy of the name): `</name>`, or `</name` + whitespace + `>`.
    if (
      !xml.startsWith(element.name, lt + 2) ||
      (nameEnd !== gt && !XML_WHITESPACE.test(xml.slice(nameEnd, gt)))
    ) {
      throw this.malformed(
        `</${preview(xml.slice(lt + 2, gt))}> at offset ${lt} does not close <${element.name}>`,
      );
    }
    return gt + 1;
  }

  private declaration(lt: number): number {
    const { xml } = this;
    if (xml.startsWith('<!--', lt)) {
      return skipPast(xml, lt + 4, '-->', 'comment', this.codec);
    }
    if (!xml.startsWith('<![CDATA[', lt)) {
      throw this.malformed(`unexpected markup declaration at offset ${lt}`);
    }
    const end = skipPast(xml, lt + 9, ']]>', 'CDATA section', this.codec);
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) {
      throw this.malformed(`CDATA outside the root element at offset ${lt}`);
    }
    // CDATA content is literal: it is not entity-decoded.
    appendText(parent, xml.slice(lt + 9, end - 3));
    return end;
  }

  private processingInstruction(lt: number): number {
    const end = skipPast(
      this.xml,
      lt + 2,
      '?>',
      'processing instruction',
      this.codec,
    );
    const target = /^[^ \t\n?]*/.exec(this.xml.slice(lt + 2, end))?.[0] ?? '';
    if (lt !== 0 && target.toLowerCase() === 'xml') {
      throw this.malformed(
        `an XML declaration at offset ${lt}: it may only open the document`,
      );
    }
    return end;
  }

  private malformed(detail: string): CodecError<XmlErrorCode> {
    return xmlError(this.codec, 'XML_MALFORMED', detail);
  }
}

/** Text and CDATA next to each other (or split by a comment) become one string. */
function appendText(parent: OpenElement, text: string): void {
  if (text === '') {
    return;
  }
  const last = parent.children.length - 1;
  const previous = last >= 0 ? parent.children[last] : undefined;
  if (typeof previous === 'string') {
    parent.children[last] = previous + text;
  } else {
    parent.children.push(text);
  }
}

/** The index just past `terminator`, searched from `start`. */
function skipPast(
  xml: string,
  start: number,
  terminator: string,
  what: string,
  codec: string,
): number {
  const end = xml.indexOf(terminator, start);
  if (end < 0) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      `unterminated ${what} at offset ${start}`,
    );
  }
  return end + terminator.length;
}

/** Index of the `>` closing the start tag at `lt`, skipping quoted attribute values. */
function startTagEnd(xml: string, lt: number, codec: string): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) {
        quote = 0;
      } else if (code === LT) {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `'<' inside an attribute value at offset ${i}`,
        );
      }
    } else if (code === GT) {
      return i;
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      quote = code;
    } else if (code === LT) {
      break;
    }
  }
  throw xmlError(
    codec,
    'XML_MALFORMED',
    `unterminated start tag at offset ${lt}`,
  );
}

/** `name attr="v" …` (the text between `<` and `>` or `/>`) → an element without children yet. */
function startTagElement(body: string, lt: number, codec: string): OpenElement {
  let nameEnd = 0;
  while (nameEnd < body.length && !isXmlSpace(body.charCodeAt(nameEnd))) {
    nameEnd++;
  }
  const name = checkedName(body.slice(0, nameEnd), 'element', lt, codec);
  const attributes: Record<string, string> = {};
  let position = nameEnd;
  while (position < body.length) {
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(body);
    if (match === null) {
      if (!XML_WHITESPACE.test(body.slice(position))) {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `attributes of <${name}> at offset ${lt} are not name="value" pairs`,
        );
      }
      break;
    }
    const attribute = checkedName(match[1], 'attribute', lt, codec);
    if (Object.prototype.hasOwnProperty.call(attributes, attribute)) {
      throw xmlError(
        codec,
        'XML_MALFORMED',
        `attribute ${attribute} of <${name}> at offset ${lt} is repeated`,
      );
    }
    const raw = match[2] ?? match[3];
    // Attribute-value normalization: literal whitespace becomes a space, references keep theirs.
    // Plain assignment is safe: `checkedName` refused `__proto__`, the one setter on Object.prototype.
    attributes[attribute] = decodeEntities(
      raw.includes('\t') || raw.includes('\n')
        ? raw.replace(/[\t\n]/g, ' ')
        : raw,
      codec,
    );
    position = ATTRIBUTE.lastIndex;
  }
  return { name, attributes: Object.freeze(attributes), children: [] };
}

// Names already checked; bounded so that a document of unique names cannot grow it without end.
const checkedNames = new Set<string>();
const MAX_CHECKED_NAMES = 1024;

function checkedName(
  name: string,
  what: string,
  lt: number,
  codec: string,
): string {
  if (checkedNames.has(name)) {
    return name;
  }
  if (!XML_NAME.test(name)) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      `"${preview(name)}" at offset ${lt} is not a valid ${what} name`,
    );
  }
  if (RESERVED_NAMES.has(name)) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      `${what} name "${name}" at offset ${lt} is reserved (prototype pollution guard)`,
    );
  }
  if (checkedNames.size < MAX_CHECKED_NAMES) {
    checkedNames.add(name);
  }
  return name;
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a;
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// Longer than any reference we accept (`&#x10FFFF;`, `&#1114111;`), so the search for `;` stays short.
const MAX_REFERENCE = 12;

/**
 * Decodes the five predefined entities and numeric character references; anything else is refused.
 * A loop over `&` positions rather than a global regex replace, which would collect every match of
 * a megabyte of `&` before the first one is refused.
 */
function decodeEntities(raw: string, codec: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) {
    return raw;
  }
  let decoded = '';
  let copied = 0;
  while (amp >= 0) {
    let end = amp + 1;
    while (
      end < raw.length &&
      end - amp <= MAX_REFERENCE &&
      !isReferenceStop(raw.charCodeAt(end))
    ) {
      end++;
    }
    if (raw.charCodeAt(end) !== SEMICOLON) {
      throw xmlError(
        codec,
        'XML_MALFORMED',
        `unescaped '&' in "${raw.slice(amp, amp + 20)}"`,
      );
    }
    decoded +=
      raw.slice(copied, amp) + referenceValue(raw.slice(amp + 1, end), codec);
    copied = end + 1;
    amp = raw.indexOf('&', copied);
  }
  return decoded + raw.slice(copied);
}

function isReferenceStop(unit: number): boolean {
  return unit === SEMICOLON || unit === AMPERSAND || unit === LT;
}

/** The character of `&name;`: a predefined entity or a numeric reference to an XML 1.0 character. */
function referenceValue(name: string, codec: string): string {
  if (Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)) {
    return PREDEFINED_ENTITIES[name];
  }
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (!numeric) {
    throw xmlError(codec, 'XML_MALFORMED', `undefined entity &${name};`);
  }
  const codePoint =
    numeric[1] !== undefined
      ? parseInt(numeric[1], 16)
      : parseInt(numeric[2], 10);
  if (codePoint > 0x10ffff) {
    throw xmlError(
      codec,
      'XML_INVALID_CHARACTER',
      `character reference &${name}; is beyond U+10FFFF`,
    );
  }
  const char = String.fromCodePoint(codePoint);
  if (INVALID_XML_CHAR.test(char)) {
    throw xmlError(
      codec,
      'XML_INVALID_CHARACTER',
      `character reference &${name}; is not allowed in XML 1.0`,
    );
  }
  return char;
}
