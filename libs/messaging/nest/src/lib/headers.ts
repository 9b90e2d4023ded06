/** AMQP headers the hub sets; `x-correlation-id` is shared with HTTP. */
export const Headers = {
  correlationId: 'x-correlation-id',
  /** The original routing key: dead-lettering through delay queues rewrites the real one. */
  routingKey: 'x-hub-routing-key',
  /** How many times a handler has already failed on this message. */
  failures: 'x-hub-failures',
  /** Retries through a database outage so far (they do not count as failures), and when the first one was. */
  outageRetries: 'x-hub-outage-retries',
  outageSince: 'x-hub-outage-since',
  error: 'x-hub-error',
  errorCode: 'x-hub-error-code',
  parkedAt: 'x-hub-parked-at',
  parkedFrom: 'x-hub-queue',
  replayed: 'x-hub-replayed',
  /** On an item of a batch message parked alone: the batch message's id, and the item's place in it. */
  batchMessageId: 'x-hub-batch-message-id',
  batchIndex: 'x-hub-batch-index',
} as const;
