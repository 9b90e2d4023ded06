/**
 * Card data and credentials never reach a log or a transmission record. Redaction works on
 * parsed objects (by key) and on raw text (form bodies, XML, JSON we could not parse), so it
 * holds whatever shape the sender used.
 */
const SECRET_KEY = /^(password|passwd|pwd|api[-_]?key|apikey|key|secret|token|access[-_]?token|authorization|basic_password|channelpartnerpassword|credentials\.channelpartnerpassword|cvv|cvv2|card_verification_number|creditcardverificationnumber|cc_?cvv|security_?code)$/i;
const CARD_KEY = /(credit_?card_?number|card_?number|ccnumber|cc_?num|pan)$/i;
const PAN = /\b(?:\d[ -]?){12,18}\d\b/g;

export const REDACTED = '***';

/** Keeps the last four digits of a card number, nothing else. */
export function maskPan(value: string): string {
  if (/^\*{4}\d{4}$/.test(value)) return value;
  const digits = value.replace(/\D/g, '');
  return digits.length >= 12 ? `****${digits.slice(-4)}` : REDACTED;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Any card-number-looking digit run (Luhn-valid, 13–19 digits) in free text → last four. */
export function redactText(text: string): string {
  let out = text.replace(PAN, (m) => {
    const digits = m.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? maskPan(digits) : m;
  });
  // key=value (form bodies), "key":"value" (JSON text) and <key>value</key> (XML) for secret keys.
  out = out.replace(/([?&]|^)([A-Za-z0-9_.[\]-]+)=([^&\s]*)/g, (m, sep: string, k: string, v: string) =>
    SECRET_KEY.test(lastSegment(k)) ? `${sep}${k}=${REDACTED}` : CARD_KEY.test(lastSegment(k)) ? `${sep}${k}=${maskPan(decodeSafe(v))}` : m,
  );
  out = out.replace(/"([A-Za-z0-9_.-]+)"\s*:\s*"([^"]*)"/g, (m, k: string, v: string) =>
    SECRET_KEY.test(k) ? `"${k}":"${REDACTED}"` : CARD_KEY.test(k) ? `"${k}":"${maskPan(v)}"` : m,
  );
  out = out.replace(/<(key|password|apikey|api_key|cvv)>([^<]*)<\/\1>/gi, (_m, k: string) => `<${k}>${REDACTED}</${k}>`);
  return out;
}

/** A deep copy with secrets blanked and card numbers cut to their last four digits. */
export function redact<T>(value: T): T {
  return walk(value, '') as T;
}

function walk(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key)) return REDACTED;
    if (key && CARD_KEY.test(key)) return maskPan(value);
    return redactText(value);
  }
  if (typeof value === 'number' && key && (SECRET_KEY.test(key) || CARD_KEY.test(key))) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => walk(v, key));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(v, k)]));
  }
  return value;
}

function lastSegment(k: string): string {
  return k.split(/[.[\]]/).filter(Boolean).pop() ?? k;
}

function decodeSafe(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}
