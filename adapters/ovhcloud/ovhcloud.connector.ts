import type { Account } from '../../src/domain/account.js';
import type { AccountConnector, KeyRequested, KeyState } from '../../src/ports/account-connector.js';
import type { SecretBox } from '../../src/ports/connections.js';
import type { RemoteEffects } from '../../src/ports/remote-effects.js';
import type { Refusal } from '../../src/core/reply.js';
import { SealedSecretError } from '../crypto/aes-gcm.secret-box.js';
import { accessRulesForRequest, GUICHET_ACCESS_RULES } from './access-rules.js';
import { connectRefusal } from './connect-refusals.js';
import type { Nichandle } from './operations/account.ops.js';
import { isOvhApiError } from './ovh-errors.js';
import type { OvhClient } from './ovh-client.js';

/** What the OVHcloud connector needs. */
export interface OvhcloudConnectorDeps {
  /** The application's client (no consumer key) at a region or base URL; one per endpoint, shared. */
  readonly clientAt: (endpoint: string) => OvhClient;
  readonly box: SecretBox;
  readonly effects: RemoteEffects;
  /** `OVH_ENDPOINT`: the region or base URL used when the chat user names none. */
  readonly defaultEndpoint: string;
  /** Told when a chat user starts waiting for a validation (the poller). */
  readonly onWatch?: (chatUser: string) => void;
}

/** The account as Guichet mirrors it from `GET /me` (the provider is read live for everything else). */
export function accountOfMe(me: Nichandle): Account {
  return {
    id: me.nichandle.toLowerCase(),
    name: [me.firstname, me.name].filter(Boolean).join(' ') || me.organisation || '',
    subsidiary: me.ovhSubsidiary,
    currency: me.currency.code,
    locale: me.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en',
    email: me.email,
    backupEmail: me.spareEmail,
    // Not in /me: the audit reads /me/accessRestriction/* itself. Unknown counts as not protected.
    twoFactor: false,
    paymentMethods: [],
    closedAt: null,
  };
}

/**
 * `/account connect` on OVHcloud: `POST /auth/credential` with exactly {@link GUICHET_ACCESS_RULES}, the
 * holder's validation polled on `GET /auth/currentCredential`, `GET /me` for the account, `POST /auth/logout`
 * to revoke. Consumer keys are sealed as soon as they arrive and opened only to sign a call.
 */
export class OvhcloudConnector implements AccountConnector {
  /** The default region or base URL. */
  readonly defaultEndpoint: string;

  /** Wires the client factory, the secret box and the remote-effect journal. */
  constructor(private readonly deps: OvhcloudConnectorDeps) {
    this.defaultEndpoint = deps.defaultEndpoint;
  }

  /** Asks for a key with Guichet's access rules, once per effect key (a retry gets the same key back). */
  async request(effectKey: string, endpoint: string): Promise<KeyRequested | Refusal> {
    const { box, effects } = this.deps;
    try {
      const asked = await effects.once(
        `${effectKey}:auth-credential`,
        async () => {
          const credential = await this.deps.clientAt(endpoint).auth.requestCredential(accessRulesForRequest(GUICHET_ACCESS_RULES));
          return { endpoint, sealedKey: box.seal(credential.consumerKey), sealedValidationUrl: box.seal(credential.validationUrl) };
        },
        // A pending key cannot be read back without itself: when the outcome was lost, ask for another one.
        async () => undefined,
      );
      return { ...asked, validationUrl: box.open(asked.sealedValidationUrl) };
    } catch (error) {
      return connectRefusal(error, endpoint);
    }
  }

  /** Reads the key's state and, once validated, the account it opens. */
  async check(sealedKey: string, endpoint: string): Promise<KeyState | Refusal> {
    let client: OvhClient;
    try {
      client = this.#keyed(sealedKey, endpoint);
    } catch (error) {
      if (error instanceof SealedSecretError) return { state: 'invalid' };
      throw error;
    }
    try {
      const credential = await client.auth.currentCredential();
      if (credential.status === 'pendingValidation') return { state: 'pending' };
      if (credential.status !== 'validated') return { state: credential.status };
      return { state: 'validated', account: accountOfMe(await client.account.me()) };
    } catch (error) {
      if (isOvhApiError(error, 'INVALID_CREDENTIAL')) return { state: 'invalid' };
      return connectRefusal(error, endpoint);
    }
  }

  /** Logs the key out once per effect key; after a lost outcome, a key the API refuses counts as revoked. */
  async revoke(effectKey: string, sealedKey: string, endpoint: string): Promise<{ readonly revoked: true } | Refusal> {
    let client: OvhClient;
    try {
      client = this.#keyed(sealedKey, endpoint);
    } catch (error) {
      // Sealed elsewhere or damaged: Guichet can no longer use it; forgetting it is all that is left to do.
      if (error instanceof SealedSecretError) return { revoked: true };
      throw error;
    }
    const gone = (error: unknown) => isOvhApiError(error, 'INVALID_CREDENTIAL');
    try {
      return await this.deps.effects.once(
        `${effectKey}:auth-logout`,
        async () => {
          await client.auth.logout().catch((error: unknown) => {
            if (!gone(error)) throw error;
          });
          return { revoked: true as const };
        },
        async () => {
          try {
            const credential = await client.auth.currentCredential();
            return credential.status === 'validated' ? undefined : { revoked: true as const };
          } catch (error) {
            if (gone(error)) return { revoked: true as const };
            throw error;
          }
        },
      );
    } catch (error) {
      return connectRefusal(error, endpoint);
    }
  }

  /** The validation URL, opened to show it again to the chat user who asked. */
  validationUrl(sealedValidationUrl: string): string {
    return this.deps.box.open(sealedValidationUrl);
  }

  /** Tells the poller. */
  watch(chatUser: string): void {
    this.deps.onWatch?.(chatUser);
  }

  #keyed(sealedKey: string, endpoint: string): OvhClient {
    return this.deps.clientAt(endpoint).withConsumerKey(this.deps.box.open(sealedKey));
  }
}
