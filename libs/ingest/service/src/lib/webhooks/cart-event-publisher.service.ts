import { Inject, Injectable } from '@nestjs/common';
import { DedupeRetention } from '@hub/domain';
import { MessagePublisher } from '@hub/messaging-nest';
import { DedupeStore } from './dedupe.store';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';

export type EmitOutcome = 'published' | 'duplicate';

/** A canonical event ready to go: its routing key, its dedupe key, its serialised payload. */
export interface OutgoingEvent {
  routingKey: string;
  dedupeKey: string;
  retention: DedupeRetention;
  content: Uint8Array;
}

/**
 * Publishes canonical cart events once each, by their dedupe keys: one lookup for the whole batch,
 * every new event published at once (each with its key as message id), then one insert of the keys
 * the broker confirmed. Resolves only when every new event is confirmed; otherwise rejects (→ 503)
 * after remembering those that were, so the cart's redelivery publishes only what is missing.
 *
 * Publish first, remember second: a crash between the two republishes (downstream is idempotent)
 * rather than losing an event.
 */
@Injectable()
export class CartEventPublisher {
  private readonly ttlDays: Record<DedupeRetention, number>;

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly dedupe: DedupeStore,
    @Inject(INGEST_CONFIG) config: IngestConfig,
  ) {
    this.ttlDays = { redelivery: config.DEDUPE_TTL_DAYS, 'order-lifetime': config.PLACED_DEDUPE_TTL_DAYS };
  }

  /**
   * One outcome per event, in order; an event repeating an earlier one of the same batch is a
   * duplicate. `afterConfirms` (recording the delivery, say) runs once every new event is
   * confirmed, alongside remembering the keys: the delivery waits for one round trip, not two.
   */
  async publishOnce(events: readonly OutgoingEvent[], afterConfirms?: (outcomes: EmitOutcome[]) => Promise<unknown>): Promise<EmitOutcome[]> {
    const seen = await this.dedupe.seen([...new Set(events.map((e) => e.dedupeKey))]);
    const fresh = new Map<string, OutgoingEvent>();
    const outcomes = events.map((e): EmitOutcome => {
      if (seen.has(e.dedupeKey) || fresh.has(e.dedupeKey)) return 'duplicate';
      fresh.set(e.dedupeKey, e);
      return 'published';
    });
    const batch = [...fresh.values()];
    const results = await Promise.allSettled(
      batch.map((e) => this.publisher.publishSerialized(e.routingKey, Buffer.from(e.content.buffer, e.content.byteOffset, e.content.byteLength), { messageId: e.dedupeKey })),
    );
    const confirmed = batch.filter((_, i) => results[i].status === 'fulfilled');
    const remembered = this.dedupe.remember(confirmed.map((e) => ({ key: e.dedupeKey, ttlDays: this.ttlDays[e.retention] })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await remembered;
      throw failed.reason;
    }
    await Promise.all([remembered, afterConfirms?.(outcomes)]);
    return outcomes;
  }
}
