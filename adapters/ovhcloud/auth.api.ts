import type { OvhHttp } from './ovh-http.js';
import {
  currentCredentialOp, logoutOp, requestCredentialOp, type AccessRule, type ApiCredential, type CredentialRequest,
} from './operations/auth.ops.js';

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
}
