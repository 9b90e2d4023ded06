/**
 * Keyset pagination: a page ends at a record; the next page starts strictly after it in
 * (occurredAt, id) order. Unlike OFFSET, a deep page costs the same as the first one, and records
 * arriving meanwhile neither shift nor repeat what the reader sees.
 */
export interface KeysetPosition {
  occurredAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(p: KeysetPosition): string {
  return Buffer.from(`${p.occurredAt}|${p.id}`, 'utf8').toString('base64url');
}

/** undefined for anything that is not a cursor this service issued (the caller answers 400). */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  const [occurredAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !id || !UUID.test(id) || !occurredAt || Number.isNaN(Date.parse(occurredAt))) return undefined;
  return { occurredAt: new Date(occurredAt).toISOString(), id };
}
