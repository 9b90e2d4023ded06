import { register } from 'prom-client';

/**
 * The sum of a metric's values over the series whose labels include `labels`, from this process's
 * default registry (where the services a suite runs in process count): e.g. a counter's growth
 * between two reads.
 */
export async function metricTotal(name: string, labels: Record<string, string | undefined> = {}): Promise<number> {
  const values = (await register.getSingleMetric(name)?.get())?.values ?? [];
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => want === undefined || v.labels[k] === want))
    .reduce((n, v) => n + v.value, 0);
}

/** Messages of `queue` retried through an outage without an attempt (`hub_message_outage_retries_total`), by what they waited for. */
export function outageRetries(queue: string, of?: 'database' | 'service' | 'claim'): Promise<number> {
  return metricTotal('hub_message_outage_retries_total', { queue, of });
}

/** Messages taken from `queue` with that outcome (`hub_messages_handled_total`). */
export function messagesHandled(queue: string, outcome: 'ack' | 'retry' | 'park' | 'requeue'): Promise<number> {
  return metricTotal('hub_messages_handled_total', { queue, outcome });
}
