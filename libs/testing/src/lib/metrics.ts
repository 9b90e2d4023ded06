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
