/** A chat user's cloud account connected to the provider's API: the consumer key is sealed at rest. */
export interface StoredConnection {
  /** The provider's account ID (the OVHcloud `nichandle`, lower-cased), as linked in Guichet. */
  readonly account: string;
  /** Region (`ovh-eu`…) or API base URL the key belongs to. */
  readonly endpoint: string;
  /** The consumer key, sealed with the `SecretBox` (never stored, logged or exported in clear). */
  readonly sealedKey: string;
  /** `pending` until the account holder validated the key in the browser. */
  readonly state: 'pending' | 'validated';
  readonly createdAt: string;
  /** The chat user who connected it (canonical key, e.g. `slack:T1/U2`). */
  readonly chatUser: string;
}

export type { SecretBox } from './secret-box.js';

/** A connection the account holder has not validated yet, by chat user (the account is known only once validated). */
export interface PendingConnection {
  /** The chat user who asked (canonical key). */
  readonly chatUser: string;
  /** Region (`ovh-eu`…) or API base URL the key was asked from. */
  readonly endpoint: string;
  /** The consumer key, sealed. */
  readonly sealedKey: string;
  /** Where the account holder validates the key, sealed (it binds an account to this key). */
  readonly sealedValidationUrl: string;
  readonly createdAt: string;
  /** After this, Guichet stops waiting for the validation. */
  readonly expiresAt: string;
}
