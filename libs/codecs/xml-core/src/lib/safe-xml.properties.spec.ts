/**
 * Property-based tests (fast-check) of the reader and the escaping: any tree written with the
 * escaping functions reads back identically, and no input makes `parseXml` throw anything but a
 * `CodecError` with an `XML_…` code.
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { CodecError, XML_ERROR_CODES } from './codec-error';
import {
  escapeXmlAttribute,
  escapeXmlText,
  parseXml,
  XmlChild,
  XmlElement,
} from './safe-xml';

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const content = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ']]>', '&amp;'),
    anyChar.filter((char) => XML_CHAR.test(char)),
  ),
  maxLength: 12,
});
const name = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,8}$/)
  .filter((value) => !['constructor', 'prototype'].includes(value));

const { element } = fc.letrec<{ element: XmlElement; child: XmlChild }>(
  (tie) => ({
    element: fc.record({
      name,
      attributes: fc.dictionary(name, content, {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      children: fc.array(tie('child'), { maxLength: 4 }),
    }),
    child: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      content,
      tie('element'),
    ),
  }),
);

interface Style {
  readonly space: string;
  readonly quote: '"' | "'";
  readonly selfClose: boolean;
  readonly cdata: boolean;
  readonly comments: boolean;
}

const PLAIN: Style = {
  space: '',
  quote: '"',
  selfClose: false,
  cdata: false,
  comments: false,
};
const style: fc.Arbitrary<Style> = fc.record({
  space: fc.constantFrom('', ' ', '\n\t '),
  quote: fc.constantFrom('"' as const, "'" as const),
  selfClose: fc.boolean(),
  cdata: fc.boolean(),
  comments: fc.boolean(),
});

/** Writes the tree in one of the forms XML allows: spacing, quotes, `<x/>`, CDATA, comments. */
function write(node: XmlElement, how: Style = PLAIN): string {
  const { space, quote } = how;
  const attributes = Object.entries(node.attributes)
    .map(
      ([key, value]) =>
        ` ${key}${space}=${space}${quote}${escapeXmlAttribute(value)}${quote}`,
    )
    .join('');
  const children = node.children
    .map((child) => {
      if (typeof child !== 'string') {
        return write(child, how);
      }
      const text =
        how.cdata && !child.includes(']]>') && !child.includes('\r')
          ? `<![CDATA[${child}]]>`
          : escapeXmlText(child);
      return how.comments ? `${text}<!-- - -->` : text;
    })
    .join('');
  if (children === '' && how.selfClose) {
    return `<${node.name}${attributes}${space}/>`;
  }
  return `<${node.name}${attributes}${space}>${children}</${node.name}${space}>`;
}

/** The tree as the reader gives it: adjacent text joined, empty text dropped. */
function normalized(node: XmlElement): XmlElement {
  const children: XmlChild[] = [];
  for (const child of node.children) {
    const last = children[children.length - 1];
    if (typeof child !== 'string') {
      children.push(normalized(child));
    } else if (child === '') {
      continue;
    } else if (typeof last === 'string') {
      children[children.length - 1] = last + child;
    } else {
      children.push(child);
    }
  }
  return { name: node.name, attributes: { ...node.attributes }, children };
}

describe('parseXml properties', () => {
  it('reads back any tree written with escapeXmlText / escapeXmlAttribute, in any of the forms XML allows', () => {
    fc.assert(
      fc.property(element, style, fc.boolean(), (tree, how, bom) => {
        const xml = `${bom ? '\uFEFF' : ''}<?xml version="1.0"?>${write(tree, how)}`;
        expect(parseXml(xml)).toEqual(normalized(tree));
        // The independent check agrees that it is well-formed.
        expect(XMLValidator.validate(xml)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any input with a CodecError carrying an XML_… code, or reads it', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(
              '<a>',
              '</a>',
              '<b/>',
              '<',
              '>',
              '/',
              '=',
              '"',
              "'",
              '&',
              ';',
              '#',
              '<!--',
              '-->',
              '<![CDATA[',
              ']]>',
              '<?',
              '?>',
              '<!DOCTYPE',
              ' ',
            ),
            anyChar,
          ),
          maxLength: 40,
        }),
        (input) => {
          try {
            parseXml(input);
          } catch (error) {
            expect(error).toBeInstanceOf(CodecError);
            expect(XML_ERROR_CODES).toContain((error as CodecError).code);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('escapes any string so that it reads back exactly, or refuses it for a character XML cannot carry', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 5 }),
        (raw, more) => {
          const value = raw + more;
          const carriable = [...value].every((char) => XML_CHAR.test(char));
          let xml: string;
          try {
            xml = `<t v="${escapeXmlAttribute(value)}">${escapeXmlText(value)}</t>`;
          } catch (error) {
            expect(carriable).toBe(false);
            expect((error as CodecError).code).toBe('XML_INVALID_CHARACTER');
            return;
          }
          expect(carriable).toBe(true);
          const root = parseXml(xml);
          expect(root.attributes['v']).toBe(value);
          expect(root.children.join('')).toBe(value);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
