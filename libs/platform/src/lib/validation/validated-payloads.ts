/** Payloads validated against their contract class before a handler got them (the message transport's). */
const validated = new WeakSet<object>();

/**
 * Marks `payload` as an instance of its contract already validated against it: the hub's
 * ValidationPipe, which also reaches message handlers, passes it on as it is (`HubValidationPipe`).
 */
export function markValidated<T extends object>(payload: T): T {
  validated.add(payload);
  return payload;
}

export function isValidated(value: unknown): boolean {
  return typeof value === 'object' && value !== null && validated.has(value);
}
