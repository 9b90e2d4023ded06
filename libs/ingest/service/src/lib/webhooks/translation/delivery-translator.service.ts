import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { UnavailableError } from '@hub/platform';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';
import { DeliveryTranslation, translateDelivery } from './delivery-translation';

interface Pending {
  resolve(result: DeliveryTranslation): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Parsing, decompressing, translating, serialising and redacting a delivery is most of its CPU:
 * done on worker threads, the event loop is left with HTTP, the database and the broker, and a
 * second core does the rest. With INGEST_TRANSLATION_WORKERS=0 it all runs inline.
 */
@Injectable()
export class DeliveryTranslator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryTranslator.name);
  private readonly slots: Slot[] = [];
  private seq = 0;
  private stopping = false;

  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {}

  onModuleInit(): void {
    for (let i = 0; i < this.config.INGEST_TRANSLATION_WORKERS; i++) this.slots.push(this.spawn());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Translates `body` — which, on worker threads, may be handed over: the caller must not read it afterwards. */
  translate(merchantId: string, body: Buffer): Promise<DeliveryTranslation> {
    if (!this.slots.length) return Promise.resolve(translateDelivery(merchantId, body));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = ++this.seq;
    // A body that owns its whole ArrayBuffer (any body of more than a few KB) moves to the worker
    // without a copy; nothing reads it here afterwards. Smaller ones share Buffer's pool: copied.
    const movable = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, merchantId, body }, movable ? [body.buffer] : []);
    });
  }

  private spawn(): Slot {
    const script = workerScript();
    const slot: Slot = { worker: new Worker(script.filename, script.options), pending: new Map() };
    slot.worker.on('message', (m: { id: number; result?: DeliveryTranslation; error?: string }) => {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(`translating the delivery failed: ${m.error}`));
    });
    // A worker that dies fails what it held (503: the cart redelivers) and is replaced.
    slot.worker.on('error', (err) => this.logger.error({ err: err.message }, 'translation worker failed'));
    slot.worker.on('exit', (code) => {
      for (const p of slot.pending.values()) p.reject(new UnavailableError('TRANSLATOR_UNAVAILABLE', `translation worker exited (${code})`));
      slot.pending.clear();
      if (this.stopping) return;
      this.slots.splice(this.slots.indexOf(slot), 1, this.spawn());
    });
    slot.worker.unref();
    return slot;
  }
}

/**
 * The built service has the worker bundled next to it (webpack entry `translation.worker`); from
 * sources (npm start, tests) the TypeScript file runs through the same register hook as the service.
 */
function workerScript(): { filename: string; options: { execArgv?: string[] } } {
  const built = join(__dirname, 'translation.worker.js');
  if (existsSync(built)) return { filename: built, options: {} };
  return { filename: join(__dirname, 'translation.worker.ts'), options: { execArgv: process.execArgv.length ? process.execArgv : ['-r', '@swc-node/register'] } };
}
