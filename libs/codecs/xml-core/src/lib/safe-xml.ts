/*
 * Hostile-input-safe XML reading and escaping, shared by the XML codecs (`@hub/codecs-xml-rpc`,
 * `@hub/codecs-ontraport-xml`). Every failure is a `CodecError` with an `XML_…` code; its `codec`
 * is the name the caller passes (so a codec's errors all carry that codec's name), `xml` otherwise.
 *
 * Why our own checks around fast-xml-parser: the parser accepts a DOCTYPE and expands entities from
 * it, tolerates control characters, text after the root and unknown entity references. We refuse
 * DTDs outright, bound the work before the parser runs, and decode entities ourselves (the five XML
 * built-ins and numeric character references, nothing else).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

const FORBIDDEN_DECLARATION = /<!(DOCTYPE|ENTITY)/i;
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

const parser = (maxDepth: number): XMLParser =>
  new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Entities are decoded by `decodeEntities` so only the XML built-ins and numeric references exist.
    processEntities: false,
    htmlEntities: false,
    cdataPropName: '#cdata',
    commentPropName: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: false,
    maxNestedTags: maxDepth + 1,
  });

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
  const forbidden = FORBIDDEN_DECLARATION.exec(input);
  if (forbidden) {
    throw xmlError(
      codec,
      'XML_DOCTYPE_FORBIDDEN',
      `<!${forbidden[1]} declarations are refused (entity expansion / external entity risk)`,
    );
  }
  // A leading byte-order mark survives some HTTP clients' decoding; it is not part of the document.
  const xml = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(
    /\r\n?/g,
    '\n',
  );
  assertXmlChars(xml, codec);
  if (xml.trim() === '') {
    throw xmlError(codec, 'XML_MALFORMED', 'document is empty');
  }
  scanMarkup(xml, bounds, codec);

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

  let nodes: unknown;
  try {
    nodes = parser(bounds.maxDepth).parse(xml);
  } catch (error) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      error instanceof Error ? error.message : String(error),
    );
  }
  const top = toChildren(nodes, codec);
  const roots = top.filter(
    (child): child is XmlElement => typeof child !== 'string',
  );
  const strayText = top.some(
    (child) => typeof child === 'string' && child.trim() !== '',
  );
  if (roots.length !== 1 || strayText) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      'a document must have exactly one root element and no text outside it',
    );
  }
  return roots[0];
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string',
  );
}

/** The element's own text (not its descendants'), exactly as written after entity decoding. */
export function ownText(element: XmlElement): string {
  return element.children
    .filter((child): child is string => typeof child === 'string')
    .join('');
}

/** Escapes character data; `\r` becomes a reference so it survives the parser's line-end normalization. */
export function escapeXmlText(
  value: string,
  codec: string = XML_CODEC,
): string {
  assertXmlChars(value, codec);
  return value.replace(/[&<>"'\r]/g, (char) => ESCAPES[char]);
}

/** Escapes an attribute value; tab and newlines become references so attribute normalization keeps them. */
export function escapeXmlAttribute(
  value: string,
  codec: string = XML_CODEC,
): string {
  assertXmlChars(value, codec);
  return value.replace(/[&<>"'\r\n\t]/g, (char) => ESCAPES[char]);
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

/** Typed so that only `XML_…` codes can be raised here. */
function xmlError(
  codec: string,
  code: XmlErrorCode,
  detail: string,
): CodecError<XmlErrorCode> {
  return new CodecError(codec, code, detail);
}

function assertXmlChars(value: string, codec: string): void {
  const match = INVALID_XML_CHAR.exec(value);
  if (match) {
    const codePoint = match[0].codePointAt(0) ?? 0;
    throw xmlError(
      codec,
      'XML_INVALID_CHARACTER',
      `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at offset ${match.index} cannot appear in XML 1.0`,
    );
  }
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

/**
 * One linear pass over the markup that enforces the depth and element limits before any recursive
 * code (validator, parser) sees the document, and rejects unterminated constructs.
 */
function scanMarkup(xml: string, limits: XmlLimits, codec: string): void {
  let depth = 0;
  let elements = 0;
  let index = 0;
  const skipTo = (start: number, terminator: string, what: string): number => {
    const end = xml.indexOf(terminator, start);
    if (end < 0) {
      throw xmlError(
        codec,
        'XML_MALFORMED',
        `unterminated ${what} at offset ${start}`,
      );
    }
    return end + terminator.length;
  };
  const assertNoTextOutsideRoot = (from: number, to: number): void => {
    if (depth === 0 && xml.slice(from, to).trim() !== '') {
      throw xmlError(
        codec,
        'XML_MALFORMED',
        `text outside the root element at offset ${from}`,
      );
    }
  };
  for (;;) {
    const lt = xml.indexOf('<', index);
    assertNoTextOutsideRoot(index, lt < 0 ? xml.length : lt);
    if (lt < 0) {
      break;
    }
    if (xml.startsWith('<!--', lt)) {
      index = skipTo(lt + 4, '-->', 'comment');
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (depth === 0) {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `CDATA outside the root element at offset ${lt}`,
        );
      }
      index = skipTo(lt + 9, ']]>', 'CDATA section');
    } else if (xml.startsWith('<?', lt)) {
      index = skipTo(lt + 2, '?>', 'processing instruction');
    } else if (xml.startsWith('<!', lt)) {
      throw xmlError(
        codec,
        'XML_MALFORMED',
        `unexpected markup declaration at offset ${lt}`,
      );
    } else if (xml.startsWith('</', lt)) {
      index = skipTo(lt + 2, '>', 'end tag');
      depth--;
      if (depth < 0) {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `end tag without a start tag at offset ${lt}`,
        );
      }
    } else {
      const end = startTagEnd(xml, lt, codec);
      elements++;
      if (elements > limits.maxElements) {
        throw xmlError(
          codec,
          'XML_TOO_MANY_ELEMENTS',
          `document has more than ${limits.maxElements} elements`,
        );
      }
      if (depth + 1 > limits.maxDepth) {
        throw xmlError(
          codec,
          'XML_TOO_DEEP',
          `elements nest deeper than ${limits.maxDepth} levels`,
        );
      }
      if (xml[end - 1] !== '/') {
        depth++;
      }
      index = end + 1;
    }
  }
  if (depth !== 0) {
    throw xmlError(
      codec,
      'XML_MALFORMED',
      'document ends before all elements are closed (truncated?)',
    );
  }
}

/** Index of the `>` closing the start tag at `lt`, skipping quoted attribute values. */
function startTagEnd(xml: string, lt: number, codec: string): number {
  let quote: string | undefined;
  for (let i = lt + 1; i < xml.length; i++) {
    const char = xml[i];
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      } else if (char === '<') {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `'<' inside an attribute value at offset ${i}`,
        );
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    } else if (char === '<') {
      break;
    }
  }
  throw xmlError(
    codec,
    'XML_MALFORMED',
    `unterminated start tag at offset ${lt}`,
  );
}

/** Decodes the five predefined entities and numeric character references; anything else is refused. */
function decodeEntities(raw: string, codec: string): string {
  if (!raw.includes('&')) {
    return raw;
  }
  return raw.replace(
    /&([^;&<]*)(;?)/g,
    (whole, name: string, semicolon: string) => {
      if (semicolon !== ';') {
        throw xmlError(
          codec,
          'XML_MALFORMED',
          `unescaped '&' in "${whole.slice(0, 20)}"`,
        );
      }
      const predefined = PREDEFINED_ENTITIES[name];
      if (
        predefined !== undefined &&
        Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)
      ) {
        return predefined;
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
    },
  );
}

function toChildren(nodes: unknown, codec: string): XmlChild[] {
  if (!Array.isArray(nodes)) {
    throw xmlError(codec, 'XML_MALFORMED', 'unexpected parser output');
  }
  const children: XmlChild[] = [];
  const pushText = (text: string): void => {
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') {
      children[last] = (children[last] as string) + text;
    } else {
      children.push(text);
    }
  };
  for (const node of nodes as unknown[]) {
    if (!isRecord(node)) {
      throw xmlError(codec, 'XML_MALFORMED', 'unexpected parser output');
    }
    if ('#text' in node) {
      pushText(decodeEntities(String(node['#text']), codec));
    } else if ('#cdata' in node) {
      // CDATA content is literal: it is not entity-decoded.
      const parts = Array.isArray(node['#cdata'])
        ? (node['#cdata'] as unknown[])
        : [];
      pushText(
        parts
          .map((part) =>
            isRecord(part) && '#text' in part ? String(part['#text']) : '',
          )
          .join(''),
      );
    } else {
      const name = Object.keys(node).find((key) => key !== ':@');
      if (name === undefined) {
        throw xmlError(codec, 'XML_MALFORMED', 'unexpected parser output');
      }
      children.push({
        name,
        attributes: toAttributes(node[':@'], codec),
        children: toChildren(node[name], codec),
      });
    }
  }
  return children;
}

function toAttributes(raw: unknown, codec: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (isRecord(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      // Attribute-value normalization: literal whitespace becomes a space, references keep theirs.
      Object.defineProperty(attributes, name, {
        value: decodeEntities(String(value).replace(/[\t\n]/g, ' '), codec),
        enumerable: true,
        writable: false,
        configurable: false,
      });
    }
  }
  return attributes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
