import { randomBytes } from 'node:crypto';
import { hashSecret, SecretBox, verifySecret } from './secrets';

const key = (kid: string) => `${kid}:${randomBytes(32).toString('base64')}`;

describe('hashSecret / verifySecret', () => {
  it('accepts the right secret and refuses a wrong one', async () => {
    const stored = await hashSecret('demo-secret');
    expect(stored).not.toContain('demo-secret');
    await expect(verifySecret('demo-secret', stored)).resolves.toBe(true);
    await expect(verifySecret('demo-secreT', stored)).resolves.toBe(false);
    await expect(verifySecret('x', 'garbage')).resolves.toBe(false);
  });
});

describe('SecretBox', () => {
  it('round-trips, never stores the plain text, and detects tampering', () => {
    const box = new SecretBox([key('k1')]);
    const sealed = box.encrypt('ontraport-api-key');
    expect(sealed).not.toContain('ontraport-api-key');
    expect(box.decrypt(sealed)).toBe('ontraport-api-key');
    const parts = sealed.split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
  });

  it('rotates: old values stay readable under the new key list', () => {
    const k1 = key('k1');
    const old = new SecretBox([k1]).encrypt('v');
    const rotated = new SecretBox([key('k2'), k1]);
    expect(rotated.decrypt(old)).toBe('v');
    expect(rotated.encrypt('v').split(':')[1]).toBe('k2');
    expect(() => new SecretBox([key('k3')]).decrypt(old)).toThrow('cannot open');
  });
});
