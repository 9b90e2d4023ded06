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
    return failure({ code: 'MALFORMED_BODY', message: `The body is not valid JSON: ${(err as Error).message}` }, text);
  }
  let events: WebhookEvent[];
  try {
    events = parseWebhookEnvelope(parsed);
  } catch (err) {
    if (!(err instanceof EnvelopeError)) throw err;
    return failure({ code: 'VALIDATION_FAILED', field: err.field, message: err.message }, text);
  }
  const translated = events.map((e) => ({ event: e, ...translateWebhookEvent(e, merchantId) }));
  // A compressed delivery is recorded as the events it held, so support can read (and search) it.
  const recorded = isCompressed(parsed) ? { events: events.map((e) => ({ [e.name]: e.resource })) } : text;
  const payloads = translated.flatMap((t) => t.emits.map((x) => Buffer.from(JSON.stringify(x.payload))));
  const { slab, views } = packBytes([recordJson(recorded), ...payloads]);
  let next = 1;
  return {
    ok: true,
    slab,
    record: views[0],
    events: translated.map(({ event, emits, ...t }) => ({
      index: event.index,
      name: event.name,
      ...t,
      // Only what goes on the wire travels back: not the payload objects.
      emits: emits.map((x) => ({ type: x.type, routingKey: CART_EVENT_ROUTING_KEYS[x.type], dedupeKey: x.dedupeKey, retention: x.retention, content: views[next++] })),
    })),
  };
}

function failure(problem: DeliveryProblem, text: string): DeliveryTranslation {
  const { slab, views } = packBytes([recordJson(text)]);
  return { ok: false, problem, slab, record: views[0] };
}

/** The body as the transmission record keeps it (redacted, cut), as a JSON string literal. */
function recordJson(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(recordableBody(body) ?? null));
}

/** Copies the pieces into one fresh ArrayBuffer (never Buffer's shared pool: it is transferred) and views them. */
function packBytes(pieces: Buffer[]): { slab: ArrayBuffer; views: Uint8Array[] } {
  const slab = Buffer.allocUnsafeSlow(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  const views = pieces.map((p) => {
    const view = new Uint8Array(slab.buffer, slab.byteOffset + offset, p.length);
    offset += p.copy(slab, offset);
    return view;
  });
  return { slab: slab.buffer, views };
}

function isCompressed(body: unknown): boolean {
  return typeof body === 'string' || typeof (body as { events?: unknown } | null)?.events === 'string';
}
