import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { SecretBox } from '../../src/ports/connections.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed secret cannot be opened: sealed with another key, damaged, or not a sealed secret. */
export class SealedSecretError extends Error {
  /** `other-key` when another `GUICHET_SECRET_KEY` sealed it; `damaged` otherwise. Never carries the secret. */
  constructor(readonly reason: 'other-key' | 'damaged' | 'format') {
    super(
      reason === 'other-key'
        ? 'this secret was sealed with another GUICHET_SECRET_KEY'
        : reason === 'format'
          ? 'not a sealed secret (expected v1.KEYID.IV.DATA.TAG)'
          : 'this sealed secret was altered or damaged',
    );
    this.name = 'SealedSecretError';
  }
}

/**
 * AES-256-GCM with a 32-byte key: each seal draws a random 96-bit IV; the result is
 * `v1.KEYID.IV.CIPHERTEXT.TAG` (base64url parts), where KEYID names the key without revealing it, so a
 * secret sealed by another deployment is recognised without trying to open it. The version and key ID are
 * authenticated with the ciphertext.
 */
export class AesGcmSecretBox implements SecretBox {
  /** 16 hex characters derived from the key (HMAC-SHA256), safe to store and compare. */
  readonly keyId: string;
  readonly #key: KeyObject;

  /** Uses a 32-byte key (`GUICHET_SECRET_KEY`, decoded). */
  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error(`GUICHET_SECRET_KEY must be 32 bytes (64 hexadecimal characters); got ${key.length} bytes`);
    this.#key = createSecretKey(key);
    this.keyId = createHmac('sha256', this.#key).update('guichet secret-box key id').digest('hex').slice(0, 16);
  }

  /** Encrypts a secret for storage. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`${VERSION}.${this.keyId}`));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.keyId, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Decrypts a sealed secret; throws a {@link SealedSecretError} (never with the secret) when it cannot. */
  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SealedSecretError('format');
    const [, keyId, iv, data, tag] = parts as [string, string, string, string, string];
    if (keyId !== this.keyId) throw new SealedSecretError('other-key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedSecretError('damaged');
    }
  }

  /** True when this box's key sealed it (checked by key ID, without decrypting). */
  sealedHere(sealed: string): boolean {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === VERSION && parts[1] === this.keyId;
  }
}

/** The box for `GUICHET_SECRET_KEY` given as 64 hexadecimal characters (`openssl rand -hex 32`). */
export function createSecretBox(hexKey: string): AesGcmSecretBox {
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new Error('GUICHET_SECRET_KEY must be 64 hexadecimal characters (32 bytes); generate one with: openssl rand -hex 32');
  return new AesGcmSecretBox(Buffer.from(hexKey, 'hex'));
}
