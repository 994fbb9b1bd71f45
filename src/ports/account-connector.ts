import type { Account } from '../domain/account.js';
import type { Refusal } from '../core/reply.js';

/** The provider's API regions a chat user may connect from (`/account connect REGION`). */
export const CONNECT_REGIONS = ['ovh-eu', 'ovh-ca', 'ovh-us'] as const;
/** One of {@link CONNECT_REGIONS}. */
export type ConnectRegion = (typeof CONNECT_REGIONS)[number];

/** A new key asked from the provider: sealed for the store, and the URL its holder validates it at. */
export interface KeyRequested {
  /** Region or API base URL asked. */
  readonly endpoint: string;
  readonly sealedKey: string;
  readonly sealedValidationUrl: string;
  /** The validation URL in clear, only ever shown privately to the chat user who asked. */
  readonly validationUrl: string;
}

/**
 * Where a key stands at the provider: validated (with the account it opens, mirrored from the provider's
 * profile), still waiting, refused or expired; `invalid` when the provider only says the key does not work
 * (not validated yet, refused or expired: it does not tell which).
 */
export type KeyState =
  | { readonly state: 'validated'; readonly account: Account }
  | { readonly state: 'pending' | 'refused' | 'expired' | 'invalid' };

/**
 * Connects chat users' cloud accounts to the provider's API without a secret typed in chat: the provider
 * issues a key with exactly the rights Guichet needs, its holder validates it in a browser, and the key is
 * kept sealed. Absent when the provider keeps no remote accounts (the ledger).
 */
export interface AccountConnector {
  /** The region or API base URL used when the chat user names none (`OVH_ENDPOINT`). */
  readonly defaultEndpoint: string;
  /** Asks the provider for a new key, once per `effectKey` (a retried delivery gets the same key). */
  request(effectKey: string, endpoint: string): Promise<KeyRequested | Refusal>;
  /** Reads where a sealed key stands (reads only; safe to repeat). */
  check(sealedKey: string, endpoint: string): Promise<KeyState | Refusal>;
  /** Revokes a sealed key, once per `effectKey`; a key the provider already refuses counts as revoked. */
  revoke(effectKey: string, sealedKey: string, endpoint: string): Promise<{ readonly revoked: true } | Refusal>;
  /** Opens a sealed validation URL to show it again, privately, to the chat user who asked. */
  validationUrl(sealedValidationUrl: string): string;
  /** Tells the background poller a chat user now waits for a validation. */
  watch(chatUser: string): void;
}
