import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursor', () => {
  it('round-trips a position', () => {
    const p = { occurredAt: '2026-11-24T04:00:00.123Z', id: '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });

  it('refuses anything it did not issue', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-11-24T04:00:00Z|x').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from("yesterday|0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10").toString('base64url'))).toBeUndefined();
  });
});
