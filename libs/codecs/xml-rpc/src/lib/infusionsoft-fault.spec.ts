import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InfusionsoftFaultKind,
  parseInfusionsoftFault,
  valueOrThrow,
  XmlRpcFaultError,
} from './infusionsoft-fault';
import { decodeMethodResponse } from './xml-rpc.decoder';

const THROTTLED =
  'Server returned a fault exception: [500] Server encountered exception: com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled';
const SESSION =
  'Server encountered exception: java.lang.IllegalStateException: Cannot create a session after the response has been committed';

describe('parseInfusionsoftFault', () => {
  it.each<
    [number, string, string | undefined, string, InfusionsoftFaultKind, boolean]
  >([
    // Seen verbatim (reference B.4).
    [
      5,
      '[RecordNotFound]Record was not found',
      'RecordNotFound',
      'Record was not found',
      'record-not-found',
      false,
    ],
    [
      6,
      '[Loading]Error loading follow-up sequence',
      'Loading',
      'Error loading follow-up sequence',
      'loading',
      true,
    ],
    [
      2,
      '[InvalidKey]Invalid Key',
      'InvalidKey',
      'Invalid Key',
      'invalid-key',
      false,
    ],
    [0, THROTTLED, undefined, THROTTLED, 'throttled', true],
    [500, SESSION, undefined, SESSION, 'transient', true],
    [
      0,
      'No such handler: InvoiceService.addBlankOrder',
      undefined,
      'No such handler: InvoiceService.addBlankOrder',
      'unknown-method',
      false,
    ],
    [
      0,
      'Failed to parse XML-RPC request: Premature end of file.',
      undefined,
      'Failed to parse XML-RPC request: Premature end of file.',
      'malformed-request',
      false,
    ],
    [
      0,
      'Failed to parse XML-RPC request: Unknown type: nil',
      undefined,
      'Failed to parse XML-RPC request: Unknown type: nil',
      'malformed-request',
      false,
    ],
    // Same pattern, not seen verbatim [UNCONFIRMED in B.4].
    [
      4,
      '[DatabaseError]Error updating table',
      'DatabaseError',
      'Error updating table',
      'database-error',
      false,
    ],
    [
      12,
      '[InvalidParameter]Bad parameter',
      'InvalidParameter',
      'Bad parameter',
      'invalid-parameter',
      false,
    ],
    [
      10,
      '[NoFieldFound]No field found: Contact.Foo',
      'NoFieldFound',
      'No field found: Contact.Foo',
      'no-field-found',
      false,
    ],
    [
      7,
      '[NoTableAccess]Access denied',
      'NoTableAccess',
      'Access denied',
      'no-access',
      false,
    ],
    [
      3,
      '[SomethingNew]New failure',
      'SomethingNew',
      'New failure',
      'other',
      false,
    ],
  ])('%i %j', (code, faultString, tag, message, kind, retryable) => {
    const error = parseInfusionsoftFault(code, faultString);
    expect(error).toBeInstanceOf(XmlRpcFaultError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'XmlRpcFaultError',
      code,
      tag,
      message,
      faultString,
      kind,
      retryable,
    });
  });

  it('falls back to the numeric code when the string has no tag', () => {
    expect(parseInfusionsoftFault(6, 'Error loading')).toMatchObject({
      tag: undefined,
      kind: 'loading',
      retryable: true,
    });
    expect(parseInfusionsoftFault(2, 'bad key')).toMatchObject({
      kind: 'invalid-key',
      retryable: false,
    });
    expect(parseInfusionsoftFault(99, 'who knows')).toMatchObject({
      kind: 'other',
      retryable: false,
    });
  });

  it('classifies throttling and the transient session error even when tagged', () => {
    expect(parseInfusionsoftFault(3, `[Unexpected]${THROTTLED}`)).toMatchObject(
      { tag: 'Unexpected', kind: 'throttled', retryable: true },
    );
  });

  it('keeps a readable message when the fault string is only a tag', () => {
    expect(parseInfusionsoftFault(2, '[InvalidKey]')).toMatchObject({
      tag: 'InvalidKey',
      message: '[InvalidKey]',
    });
    expect(parseInfusionsoftFault(3, '')).toMatchObject({
      tag: undefined,
      message: 'fault 3',
    });
  });

  it('does not take a numeric bracket for a tag', () => {
    expect(parseInfusionsoftFault(0, '[500] Server error').tag).toBeUndefined();
  });

  it('does not read inherited properties as tags', () => {
    expect(parseInfusionsoftFault(0, '[constructor]x')).toMatchObject({
      tag: 'constructor',
      kind: 'other',
    });
    expect(parseInfusionsoftFault(0, '[toString]x').kind).toBe('other');
  });
});

describe('valueOrThrow', () => {
  const fixture = (name: string): string =>
    readFileSync(join(__dirname, '..', '..', 'fixtures', 'ok', name), 'utf8');

  it('returns the value of a successful response', () => {
    expect(
      valueOrThrow(
        decodeMethodResponse(fixture('infusionsoft-int-response.xml')),
      ),
    ).toBe(123);
  });

  it('throws the classified fault of a fault response', () => {
    expect(() =>
      valueOrThrow(decodeMethodResponse(fixture('fault-throttled.xml'))),
    ).toThrow(
      expect.objectContaining({ kind: 'throttled', retryable: true, code: 0 }),
    );
    expect(() =>
      valueOrThrow(decodeMethodResponse(fixture('infusionsoft-fault.xml'))),
    ).toThrow(
      expect.objectContaining({
        code: 6,
        kind: 'loading',
        retryable: true,
        message: 'error reason',
      }),
    );
  });
});
