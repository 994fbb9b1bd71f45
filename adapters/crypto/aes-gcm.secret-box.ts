import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../src/ports/secret-box.js';

const VERSION = 'v1';

/**
 * AES-256-GCM with a 256-bit key (`GUICHET_SECRET_KEY`, 64 hex digits): a fresh 96-bit IV per value, the context as
 * additional authenticated data, stored as `v1:IV:TAG:CIPHERTEXT` (base64url).
 */
export class AesGcmSecretBox implements SecretBox {
  readonly encrypts = true;
  readonly #key: Buffer;

  /** Takes the key as 64 hex digits; anything else is a configuration bug. */
  constructor(keyHex: string) {
    if (!/^[0-9a-f]{64}$/i.test(keyHex)) throw new Error('the secret key must be 64 hexadecimal digits (32 bytes)');
    this.#key = Buffer.from(keyHex, 'hex');
  }

  /** Encrypts and authenticates `plain`, bound to `context`. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
  }

  /** Decrypts a value sealed with this key and context; undefined otherwise. */
  open(sealed: string, context: string): string | undefined {
    const [version, iv, tag, body, ...extra] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || body === undefined || extra.length > 0) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
