/**
 * Classifies Infusionsoft/Keap XML-RPC faults so a consumer can retry or park by `retryable`
 * without parsing text. Sources are in the external API reference, section B.4.
 */
import { XmlRpcPlain, XmlRpcResponse } from './xml-rpc.types';

export type InfusionsoftFaultKind =
  | 'throttled'
  | 'loading'
  | 'transient'
  | 'invalid-key'
  | 'record-not-found'
  | 'invalid-parameter'
  | 'no-field-found'
  | 'database-error'
  | 'no-access'
  | 'unknown-method'
  | 'malformed-request'
  | 'other';

/** faultCode → name, from the Ruby gem's exception handler (third-party, so [SECONDARY] in B.4). */
export const INFUSIONSOFT_FAULT_CODES: Readonly<Record<number, string>> =
  Object.freeze({
    1: 'InvalidConfig',
    2: 'InvalidKey',
    3: 'Unexpected',
    4: 'DatabaseError',
    5: 'RecordNotFound',
    6: 'LoadingError',
    7: 'NoTableAccess',
    8: 'NoFieldAccess',
    9: 'NoTableFound',
    10: 'NoFieldFound',
    11: 'NoFields',
    12: 'InvalidParameter',
    13: 'FailedLoginAttempt',
    14: 'NoAccess',
    15: 'FailedLoginAttemptPasswordExpired',
  });

// `[Loading]` is the tag seen on the wire for code 6; `LoadingError` is the gem's name for it.
// DatabaseError, InvalidParameter and NoFieldFound tags follow the documented pattern but were not
// seen verbatim [UNCONFIRMED in B.4].
const KIND_BY_NAME: Readonly<Record<string, InfusionsoftFaultKind>> =
  Object.freeze({
    Loading: 'loading',
    LoadingError: 'loading',
    InvalidKey: 'invalid-key',
    RecordNotFound: 'record-not-found',
    InvalidParameter: 'invalid-parameter',
    NoFieldFound: 'no-field-found',
    DatabaseError: 'database-error',
    NoTableAccess: 'no-access',
    NoFieldAccess: 'no-access',
    NoAccess: 'no-access',
  });

const RETRYABLE: ReadonlySet<InfusionsoftFaultKind> =
  new Set<InfusionsoftFaultKind>(['throttled', 'loading', 'transient']);

export class XmlRpcFaultError extends Error {
  override readonly name = 'XmlRpcFaultError';

  constructor(
    /** The XML-RPC faultCode. */
    readonly code: number,
    /** The `Tag` of a `[Tag]message` faultString, when present. */
    readonly tag: string | undefined,
    message: string,
    /** The faultString exactly as received. */
    readonly faultString: string,
    readonly kind: InfusionsoftFaultKind,
    /** True only for faults known to clear by themselves: throttling, `[Loading]`, the transient IllegalStateException. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export function parseInfusionsoftFault(
  faultCode: number,
  faultString: string,
): XmlRpcFaultError {
  const tagged = /^\s*\[([A-Za-z][A-Za-z0-9_]*)\]\s*([\s\S]*)$/.exec(
    faultString,
  );
  const tag = tagged?.[1];
  const text = (tagged?.[2] ?? faultString).trim();
  const kind = classify(faultCode, tag, faultString);
  return new XmlRpcFaultError(
    faultCode,
    tag,
    text || faultString.trim() || `fault ${faultCode}`,
    faultString,
    kind,
    RETRYABLE.has(kind),
  );
}

/** The response's value, or the classified fault thrown as an `XmlRpcFaultError`. */
export function valueOrThrow(response: XmlRpcResponse): XmlRpcPlain {
  if (response.kind === 'fault') {
    throw parseInfusionsoftFault(response.faultCode, response.faultString);
  }
  return response.value;
}

function classify(
  faultCode: number,
  tag: string | undefined,
  faultString: string,
): InfusionsoftFaultKind {
  // Seen as "... com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled".
  if (
    /ThrottlingException|Maximum number of threads throttled/i.test(faultString)
  ) {
    return 'throttled';
  }
  // "java.lang.IllegalStateException: Cannot create a session after the response has been committed",
  // faultCode 500, ~3-4% of calls for one integrator; it succeeds when repeated.
  if (/java\.lang\.IllegalStateException/.test(faultString)) {
    return 'transient';
  }
  if (/^\s*No such handler:/i.test(faultString)) {
    return 'unknown-method';
  }
  if (/^\s*Failed to parse XML-RPC request/i.test(faultString)) {
    return 'malformed-request';
  }
  if (tag !== undefined) {
    return Object.prototype.hasOwnProperty.call(KIND_BY_NAME, tag)
      ? KIND_BY_NAME[tag]
      : 'other';
  }
  const codeName = INFUSIONSOFT_FAULT_CODES[faultCode];
  return codeName !== undefined &&
    Object.prototype.hasOwnProperty.call(KIND_BY_NAME, codeName)
    ? KIND_BY_NAME[codeName]
    : 'other';
}
