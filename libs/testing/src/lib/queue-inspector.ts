import { connect, type ChannelModel, type MessageProperties } from 'amqplib';
import { decodeWireContent, RoutingKeys } from '@hub/messaging-contracts';
import { waitFor } from './wait-for';

export interface InspectedMessage<T = unknown> {
  body: T;
  routingKey: string;
  headers: Record<string, unknown>;
  properties: MessageProperties;
}

/**
 * Reads what waits in a queue of the real broker (a queue whose consumer is not running in the
 * suite), so a test can assert exactly what a service published.
 */
export class QueueInspector {
  private constructor(private readonly conn: ChannelModel) {}

  static async open(url: string): Promise<QueueInspector> {
    return new QueueInspector(await connect(url));
  }

  /** Takes every message now in the queue. */
  async drain<T = unknown>(queue: string): Promise<Array<InspectedMessage<T>>> {
    const ch = await this.conn.createChannel();
    const out: Array<InspectedMessage<T>> = [];
    try {
      for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true })) {
        out.push({ body: JSON.parse(decodeWireContent(m.content, m.properties.contentEncoding).toString('utf8')) as T, routingKey: m.fields.routingKey, headers: m.properties.headers ?? {}, properties: m.properties });
      }
    } finally {
      await ch.close().catch(() => undefined);
    }
    return out;
  }

  /**
   * Takes every message now in the queue and returns the transmission records they carry: a batch
   * message (what TransmissionRecorder sends when records arrive while a publish is in flight)
   * gives each of its records, a single-record message its one.
   */
  async drainRecords<T = unknown>(queue: string): Promise<T[]> {
    return (await this.drain<T | { records: T[] }>(queue)).flatMap((m) =>
      m.routingKey === RoutingKeys.audit.transmissionBatchRecorded ? (m.body as { records: T[] }).records : [m.body as T],
    );
  }

  /**
   * Waits until at least `count` messages have arrived in the queue, then `settleMs` longer, so a
   * test also sees any message that should not have been published.
   */
  async collect<T = unknown>(queue: string, count: number, settleMs = 300): Promise<Array<InspectedMessage<T>>> {
    const got: Array<InspectedMessage<T>> = [];
    await waitFor(async () => {
      got.push(...(await this.drain<T>(queue)));
      return got.length >= count;
    }, { what: `${count} message(s) in ${queue}` });
    await new Promise((r) => setTimeout(r, settleMs));
    got.push(...(await this.drain<T>(queue)));
    return got;
  }

  close(): Promise<void> {
    return this.conn.close().catch(() => undefined);
  }
}
