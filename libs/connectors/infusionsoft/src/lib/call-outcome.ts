import { CodecError, decodeMethodResponse, parseInfusionsoftFault, type XmlRpcFaultError, type XmlRpcPlain } from '@hub/codecs-xml-rpc';

/**
 * What one XML-RPC exchange came to. `retryable` decides retry vs park: throttling, the transient
 * `IllegalStateException`, blank or unreadable answers, 5xx and network failures clear by
 * themselves; a bad key, an unknown product or an invalid parameter never do.
 */
export type CallOutcome =
  | { ok: true; value: XmlRpcPlain }
  | { ok: false; retryable: boolean; code: string; message: string; fault?: XmlRpcFaultError };

export function outcomeOf(status: number, body: string): CallOutcome {
  if (status === 401 || status === 403) return { ok: false, retryable: false, code: 'INFUSIONSOFT_UNAUTHORIZED', message: `Infusionsoft refused the credentials (HTTP ${status})` };
  if (status === 404) return { ok: false, retryable: false, code: 'INFUSIONSOFT_UNKNOWN_APP', message: 'Infusionsoft has no application at this address (HTTP 404): check the app name' };
  if (status === 429) return { ok: false, retryable: true, code: 'INFUSIONSOFT_THROTTLED', message: 'Infusionsoft is throttling this app (HTTP 429)' };
  if (status !== 200) return { ok: false, retryable: status >= 500 || status === 408, code: 'INFUSIONSOFT_HTTP', message: `Infusionsoft answered HTTP ${status}` };
  if (!body.trim()) return { ok: false, retryable: true, code: 'INFUSIONSOFT_BLANK_RESPONSE', message: 'Infusionsoft answered with a blank body' };
  let response: ReturnType<typeof decodeMethodResponse>;
  try {
    response = decodeMethodResponse(body);
  } catch (err) {
    const detail = err instanceof CodecError ? err.message : String(err);
    return { ok: false, retryable: true, code: 'INFUSIONSOFT_INVALID_RESPONSE', message: `Infusionsoft answered with something that is not XML-RPC: ${detail}` };
  }
  if (response.kind === 'value') return { ok: true, value: response.value };
  const fault = parseInfusionsoftFault(response.faultCode, response.faultString);
  return { ok: false, retryable: fault.retryable, code: `INFUSIONSOFT_FAULT_${fault.kind.toUpperCase().replace(/-/g, '_')}`, message: `Infusionsoft fault ${fault.code}: ${fault.faultString}`, fault };
}
