import { CartEventType, DedupeRetention, EnvelopeError, parseWebhookEnvelope, TranslationOutcome, translateWebhookEvent, WebhookEvent } from '@hub/domain';
import { CART_EVENT_ROUTING_KEYS } from '@hub/messaging-contracts';
import { recordableBody } from '@hub/platform';

/** A canonical event ready for the wire: its payload already serialised. */
export interface PreparedEmit {
  type: CartEventType;
  routingKey: string;
  dedupeKey: string;
  retention: DedupeRetention;
  content: Uint8Array;
}

export interface TranslatedEvent {
  index: number;
  name: string;
  outcome: TranslationOutcome;
  resourceId?: string;
  orderId?: string;
  reason?: string;
  emits: PreparedEmit[];
}

export type DeliveryProblem = { code: 'MALFORMED_BODY'; message: string } | { code: 'VALIDATION_FAILED'; field: string; message: string };

/**
 * Everything the CPU-heavy part of a delivery produces — parsed, decompressed, translated,
 * serialised, and the body redacted for the transmission log (`record`, a JSON string literal) —
 * in plain data whose byte arrays all view one ArrayBuffer (`slab`), so a worker thread can hand it
 * over without a copy.
 */
export type DeliveryTranslation = { slab: ArrayBuffer; record: Uint8Array } & ({ ok: true; events: TranslatedEvent[] } | { ok: false; problem: DeliveryProblem });

export function translateDelivery(merchantId: string, body: Uint8Array): DeliveryTranslation {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return pack({ ok: false, problem: { code: 'MALFORMED_BODY', message: `The body is not valid JSON: ${(err as Error).message}` } }, text, []);
  }
  let events: WebhookEvent[];
  try {
    events = parseWebhookEnvelope(parsed);
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    return pack({ ok: false, problem: { code: 'VALIDATION_FAILED', field: err.field, message: err.message } }, text, []);
  }
  const translated = events.map((e) => {
    const { emits, ...t } = translateWebhookEvent(e, merchantId);
    return { index: e.index, name: e.name, ...t, emits: emits.map((x) => ({ ...x, routingKey: CART_EVENT_ROUTING_KEYS[x.type], json: Buffer.from(JSON.stringify(x.payload)) })) };
  });
  // A compressed delivery is recorded as the events it held, so support can read (and search) it.
  const recorded = isCompressed(parsed) ? { events: events.map((e) => ({ [e.name]: e.resource })) } : text;
  return pack({ ok: true, events: translated }, recorded, translated.flatMap((t) => t.emits));
}

type Unpacked = ({ ok: true; events: Array<Omit<TranslatedEvent, 'emits'> & { emits: Array<Omit<PreparedEmit, 'content'> & { json: Buffer }> }> } | { ok: false; problem: DeliveryProblem });

/** Copies every serialised piece into one fresh ArrayBuffer (never Buffer's shared pool) and views it. */
function pack(result: Unpacked, recordedBody: unknown, emits: Array<{ json: Buffer }>): DeliveryTranslation {
  const record = Buffer.from(JSON.stringify(recordableBody(recordedBody) ?? null));
  const slab = Buffer.allocUnsafeSlow(record.length + emits.reduce((n, e) => n + e.json.length, 0));
  let offset = record.copy(slab, 0);
  const view = (b: Buffer): Uint8Array => {
    const v = new Uint8Array(slab.buffer, slab.byteOffset + offset, b.length);
    offset += b.copy(slab, offset);
    return v;
  };
  const recordView = new Uint8Array(slab.buffer, slab.byteOffset, record.length);
  if (!result.ok) return { ...result, slab: slab.buffer, record: recordView };
  const events = result.events.map((t) => ({ ...t, emits: t.emits.map(({ json, ...e }) => ({ ...e, content: view(json) })) }));
  return { ok: true, events, slab: slab.buffer, record: recordView };
}

function isCompressed(body: unknown): boolean {
  return typeof body === 'string' || typeof (body as { events?: unknown } | null)?.events === 'string';
}
