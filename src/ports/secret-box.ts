/**
 * Keeps secrets that must be read back later (tokens copied into service mails; the OVHcloud provider's consumer
 * keys) unreadable at rest. `context` is bound to the sealed text (authenticated), so a sealed value moved to
 * another document does not open.
 */
export interface SecretBox {
  /** True when values are really encrypted (a key is configured). */
  readonly encrypts: boolean;
  /** Seals a secret for storage; the result is opaque text. */
  seal(plain: string, context: string): string;
  /** Opens a sealed value; undefined when it cannot (other key, other context, altered text). */
  open(sealed: string, context: string): string | undefined;
}

const PLAIN = 'plain:';

/**
 * The box used when no key is configured: it does not encrypt, so whoever keeps secrets with it must keep them only
 * as long as they are useful (a token until its request settles or expires) and then erase them. Nothing is derived.
 */
export const UNENCRYPTED_BOX: SecretBox = {
  encrypts: false,
  seal: (plain) => `${PLAIN}${plain}`,
  open: (sealed) => (sealed.startsWith(PLAIN) ? sealed.slice(PLAIN.length) : undefined),
};
