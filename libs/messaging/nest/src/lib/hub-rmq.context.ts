import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import { Headers } from './headers';

type Args = [message: ConsumeMessage, routingKey: string, attempt: number];

/** What a handler may know about the message it is handling (`@Ctx() ctx: HubRmqContext`). */
export class HubRmqContext extends BaseRpcContext<Args> {
  getMessage(): ConsumeMessage {
    return this.args[0];
  }

  /** The routing key the message was published with (also after retries through delay queues). */
  getRoutingKey(): string {
    return this.args[1];
  }

  /** 1 on the first delivery to the handler, 2 on the first retry, … */
  getAttempt(): number {
    return this.args[2];
  }

  getCorrelationId(): string | undefined {
    const h = this.args[0].properties.headers?.[Headers.correlationId];
    return typeof h === 'string' ? h : this.args[0].properties.correlationId;
  }

  getMessageId(): string | undefined {
    return this.args[0].properties.messageId;
  }
}
