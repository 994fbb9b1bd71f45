/**
 * Seals and opens secrets kept at rest and read back later (the OVHcloud consumer keys; the tokens copied into
 * service mails): AES-256-GCM with `GUICHET_SECRET_KEY` (`adapters/crypto/aes-gcm.secret-box.ts`).
 */
export interface SecretBox {
  /** Encrypts a secret for storage. */
  seal(plain: string): string;
  /** Decrypts a sealed secret; throws when it was tampered with or sealed with another key. */
  open(sealed: string): string;
}

const PLAIN = 'plain:';

/**
 * The box used when no key is configured: it does not encrypt, so whoever keeps secrets with it must keep them only
 * as long as they are useful (a token until its request settles or expires) and then erase them. Nothing is derived.
 */
export const UNENCRYPTED_BOX: SecretBox = {
  seal: (plain) => `${PLAIN}${plain}`,
  open: (sealed) => {
    if (!sealed.startsWith(PLAIN)) throw new Error('not kept by the unencrypted box (a GUICHET_SECRET_KEY sealed it)');
    return sealed.slice(PLAIN.length);
  },
};
