import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, SealedSecretError, createSecretBox } from '../adapters/crypto/aes-gcm.secret-box.js';

const KEY = '0f'.repeat(32);
const OTHER = 'a1'.repeat(32);
const SECRET = 'CK-7h3Xq9TfZpLr2mWv';

describe('AES-256-GCM secret box', () => {
  it('GIVEN a secret WHEN sealed and opened THEN it comes back, and the sealed text is versioned and never holds it', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(SECRET);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain(SECRET);
    expect(box.open(sealed)).toBe(SECRET);
    expect(box.open(box.seal(''))).toBe('');
  });

  it('GIVEN the same secret sealed twice WHEN compared THEN the IVs and ciphertexts differ (a random 96-bit IV each time)', () => {
    const box = createSecretBox(KEY);
    const [a, b] = [box.seal(SECRET), box.seal(SECRET)];
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(Buffer.from(a.split('.')[2]!, 'base64url')).toHaveLength(12);
    expect(a).not.toBe(b);
  });

  it('GIVEN a sealed secret altered in its data, tag, IV or header WHEN opened THEN it is refused without revealing anything', () => {
    const box = createSecretBox(KEY);
    const parts = box.seal(SECRET).split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [2, 3, 4]) {
      const bad = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => box.open(bad)).toThrow(SealedSecretError);
    }
    expect(() => box.open('v2.' + parts.slice(1).join('.'))).toThrow(/not a sealed secret/);
    expect(() => box.open(SECRET)).toThrow(/not a sealed secret/);
  });

  it('GIVEN a secret sealed by another deployment WHEN opened or checked THEN it is recognised as sealed with another key', () => {
    const mine = createSecretBox(KEY);
    const theirs = createSecretBox(OTHER);
    const sealed = theirs.seal(SECRET);
    expect(mine.sealedHere(sealed)).toBe(false);
    expect(theirs.sealedHere(sealed)).toBe(true);
    expect(() => mine.open(sealed)).toThrow(/another GUICHET_SECRET_KEY/);
    expect(mine.keyId).not.toBe(theirs.keyId);
    expect(mine.keyId).not.toContain(KEY.slice(0, 8));
  });

  it('GIVEN a key that is not 64 hexadecimal characters WHEN a box is made THEN the error names GUICHET_SECRET_KEY and how to make one', () => {
    expect(() => createSecretBox('abc')).toThrow(/GUICHET_SECRET_KEY must be 64 hexadecimal characters.*openssl rand -hex 32/);
    expect(() => createSecretBox('zz'.repeat(32))).toThrow(/GUICHET_SECRET_KEY/);
    expect(() => new AesGcmSecretBox(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});
