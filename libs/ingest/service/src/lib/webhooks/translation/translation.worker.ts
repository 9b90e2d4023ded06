/**
 * Worker-thread entry: translates deliveries off the service's event loop (see DeliveryTranslator).
 * In: `{ id, merchantId, body }`; out: `{ id, result }` with the result's slab transferred, or `{ id, error }`.
 */
// The contracts' payload classes carry decorators that need the metadata API.
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { translateDelivery } from './delivery-translation';

export interface TranslationRequest {
  id: number;
  merchantId: string;
  body: Uint8Array;
}

parentPort?.on('message', ({ id, merchantId, body }: TranslationRequest) => {
  try {
    const result = translateDelivery(merchantId, body);
    parentPort?.postMessage({ id, result }, [result.slab]);
  } catch (err) {
    parentPort?.postMessage({ id, error: (err as Error).message ?? String(err) });
  }
});
