import { gunzipSync } from 'node:zlib';

/** One element of a delivery: `{"order_create": {…Order…}}`. */
export interface WebhookEvent {
  name: string;
  resource: Record<string, unknown>;
  /** Position in the delivery, for field-level errors (`events[3]`). */
  index: number;
}

export class EnvelopeError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'EnvelopeError';
  }
}

const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/**
 * Reads UltraCart's REST v2 webhook envelope `{"events":[{"<event_name>":{…}}]}`. With
 * `compress_events` the events arrive gzipped then base64-encoded as a string (where exactly the
 * string sits is not documented: `events` itself, or the whole body, are both accepted).
 */
export function parseWebhookEnvelope(body: unknown): WebhookEvent[] {
  if (typeof body === 'string') return parseWebhookEnvelope(inflate(body, '(body)'));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new EnvelopeError('(body)', 'must be a JSON object with an "events" array');
  let events = (body as { events?: unknown }).events;
  if (typeof events === 'string') {
    const inflated = inflate(events, 'events');
    events = Array.isArray(inflated) ? inflated : (inflated as { events?: unknown })?.events;
  }
  if (!Array.isArray(events)) throw new EnvelopeError('events', 'must be an array');
  return events.map((e, index) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new EnvelopeError(`events[${index}]`, 'must be an object with one event name');
    const keys = Object.keys(e);
    if (keys.length !== 1) throw new EnvelopeError(`events[${index}]`, `must have exactly one event name, found ${keys.length}`);
    const name = keys[0];
    const resource = (e as Record<string, unknown>)[name];
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) throw new EnvelopeError(`events[${index}].${name}`, 'must be an object');
    return { name, resource: resource as Record<string, unknown>, index };
  });
}

function inflate(b64: string, field: string): unknown {
  let bytes: Buffer;
  try {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) throw new Error('not base64');
    bytes = gunzipSync(Buffer.from(b64, 'base64'), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (err) {
    throw new EnvelopeError(field, `is a string but not gzip+base64 compressed events (${(err as Error).message})`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new EnvelopeError(field, 'decompressed to something that is not JSON');
  }
}
