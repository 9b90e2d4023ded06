import type { InfusionsoftCredentialsDto } from '@hub/messaging-contracts';

export interface EndpointDefaults {
  /** `https://{app}.infusionsoft.com/api/xmlrpc`: `{app}` is replaced by the app name. */
  legacyUrlTemplate: string;
  /** `https://api.infusionsoft.com/crm/xmlrpc/v1`. */
  oauthUrl: string;
}

/** Where and how to send one merchant's calls (reference B.1). */
export interface Endpoint {
  url: string;
  headers: Record<string, string>;
  /** The first XML-RPC parameter of every call. */
  keyParam: string;
  /** Whose calls share a rate limit: one Infusionsoft application. */
  rateKey: string;
  /** Strings that must never reach a log or a transmission record. */
  secrets: string[];
}

/**
 * API key → the per-app legacy endpoint with the key as first parameter. OAuth → the central
 * endpoint with `Authorization: Bearer`; older methods still want a key parameter, so the token
 * goes there too (as the Ruby gem does). Service account → the central endpoint with
 * `X-Keap-API-Key`, the key also as first parameter (as the Novak SDK does).
 */
export function resolveEndpoint(c: InfusionsoftCredentialsDto, defaults: EndpointDefaults): Endpoint {
  const base = { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'text/xml' };
  const app = c.appName?.toLowerCase();
  if (c.auth === 'api-key') {
    const template = c.baseUrl ?? defaults.legacyUrlTemplate;
    const key = c.apiKey ?? '';
    return { url: template.replace('{app}', encodeURIComponent(app ?? '')), headers: base, keyParam: key, rateKey: `app:${app}`, secrets: [key] };
  }
  const url = c.baseUrl ?? defaults.oauthUrl;
  if (c.auth === 'oauth') {
    const token = c.accessToken ?? '';
    return { url, headers: { ...base, Authorization: `Bearer ${token}` }, keyParam: token, rateKey: app ? `app:${app}` : `token:${fingerprint(token)}`, secrets: [token] };
  }
  const key = c.serviceAccountKey ?? '';
  return { url, headers: { ...base, 'X-Keap-API-Key': key }, keyParam: key, rateKey: app ? `app:${app}` : `sa:${fingerprint(key)}`, secrets: [key] };
}

/** Replaces every occurrence of each secret (raw and XML-escaped) with `***`. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, escapeXml(s)])) out = out.split(form).join('***');
  }
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A short non-reversible label for a secret (FNV-1a), so a rate key never carries the secret itself. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
