import type { OvhHttp } from './ovh-http.js';
import { isOvhApiError } from './ovh-errors.js';
import {
  currentCredentialOp, logoutOp, requestCredentialOp, type AccessRule, type ApiCredential, type CredentialRequest, type CredentialState,
} from './operations/auth.ops.js';

/** How `awaitValidation` ended: the key's final state, or `pendingValidation` when the time ran out. */
export interface ValidationOutcome {
  readonly state: CredentialState;
  readonly credential?: ApiCredential;
}

/** The consumer-key flow: ask for a key, read its state, revoke it. */
export class OvhAuthApi {
  /** Calls through a transport. */
  constructor(private readonly http: OvhHttp) {}

  /** The API's time in seconds since the epoch. */
  time(): Promise<number> {
    return this.http.serverTime();
  }

  /**
   * Asks for a consumer key with these access rules (`POST /auth/credential`, application key only): the
   * account holder opens `validationUrl`, logs in and validates; until then `state` is `pendingValidation`.
   */
  requestCredential(accessRules: readonly AccessRule[], redirection?: string): Promise<CredentialRequest> {
    const body = { accessRules: accessRules.map(({ method, path }) => ({ method, path })), ...(redirection ? { redirection } : {}) };
    return this.http.call(requestCredentialOp, { body });
  }

  /** The consumer key's details and state (fails INVALID_CREDENTIAL while pending, once refused or expired). */
  currentCredential(): Promise<ApiCredential> {
    return this.http.call(currentCredentialOp);
  }

  /** Expires the consumer key (`POST /auth/logout`). */
  logout(): Promise<void> {
    return this.http.call(logoutOp);
  }

  /**
   * Polls `currentCredential` every `everyMs` (on the injected timers) until the key is no longer
   * `pendingValidation` or `forMs` has passed: the bounded wait of `/account connect`. A key the API no
   * longer knows counts as `expired`.
   */
  async awaitValidation(options: { everyMs?: number; forMs?: number } = {}): Promise<ValidationOutcome> {
    const { clock, timers } = this.http.config;
    const everyMs = options.everyMs ?? 5_000;
    const until = clock.now().getTime() + (options.forMs ?? 10 * 60_000);
    for (;;) {
      let credential: ApiCredential;
      try {
        credential = await this.currentCredential();
      } catch (error) {
        if (isOvhApiError(error, 'INVALID_CREDENTIAL')) return { state: 'expired' };
        throw error;
      }
      if (credential.status !== 'pendingValidation') return { state: credential.status, credential };
      if (clock.now().getTime() + everyMs > until) return { state: 'pendingValidation', credential };
      await timers.sleep(everyMs);
    }
  }
}
