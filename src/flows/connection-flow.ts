import { isFailure, type DomainError } from '../domain/errors.js';
import type { Account } from '../domain/account.js';
import { randomCode } from '../domain/ids.js';
import type { AccountConnector } from '../ports/account-connector.js';
import type { PendingConnection } from '../ports/connections.js';
import type { Tx } from '../ports/store.js';

/** How long Guichet waits for the account holder to validate a key (the poller stops then). */
export const CONNECT_WAIT_MS = 10 * 60_000;

/** Where a connection step runs: a command's unit of work (or the poller's), its time and its chat user. */
export interface ConnectScope {
  readonly tx: Tx;
  readonly connector: AccountConnector;
  readonly now: Date;
  /** Canonical chat user, e.g. `slack:T1/U2`. */
  readonly chatUser: string;
  /** Key of the remote effects of this step (the invocation ID). */
  readonly effectKey: string;
}

/** Where a chat user's pending connection stands after it was looked at. */
export type ConnectProgress =
  | { readonly kind: 'connected'; readonly account: Account; readonly endpoint: string; readonly replacedKeyKept: boolean }
  | { readonly kind: 'pending'; readonly pending: PendingConnection }
  | { readonly kind: 'refused' | 'expired' };

/** A key asked for: where its holder validates it, and until when Guichet waits. */
export interface ConnectStarted {
  readonly validationUrl: string;
  readonly endpoint: string;
  readonly expiresAt: string;
}

/** Asks the provider for a key with Guichet's rights and keeps it sealed, pending the holder's validation. */
export async function startConnection(s: ConnectScope, endpoint: string): Promise<ConnectStarted | DomainError> {
  const asked = await s.connector.request(s.effectKey, endpoint);
  if (isFailure(asked)) return asked;
  const expiresAt = new Date(s.now.getTime() + CONNECT_WAIT_MS).toISOString();
  s.tx.connections.putPending({
    chatUser: s.chatUser, endpoint: asked.endpoint, sealedKey: asked.sealedKey, sealedValidationUrl: asked.sealedValidationUrl,
    createdAt: s.now.toISOString(), expiresAt,
  });
  s.connector.watch(s.chatUser);
  audit(s, null, 'account.connect-requested', { endpoint: asked.endpoint });
  return { validationUrl: asked.validationUrl, endpoint: asked.endpoint, expiresAt };
}

/**
 * Looks at a pending connection: once its holder validated the key, the chat user is linked to the account the
 * key opens (the browser login proved who they are) and the account's profile is mirrored; refused or expired
 * (or not validated in time) drops it, linking nothing.
 */
export async function settleConnection(s: ConnectScope, pending: PendingConnection): Promise<ConnectProgress | DomainError> {
  if (s.now >= new Date(pending.expiresAt)) return drop(s, 'expired');
  const seen = await s.connector.check(pending.sealedKey, pending.endpoint);
  if (isFailure(seen)) return seen;
  if (seen.state === 'pending' || seen.state === 'invalid') return { kind: 'pending', pending };
  if (seen.state !== 'validated') return drop(s, seen.state);
  const account = seen.account;
  const previous = await s.tx.connections.get(account.id);
  let replacedKeyKept = false;
  if (previous && previous.sealedKey !== pending.sealedKey) {
    // Keyed by the pending connection, so the command and the poller settling it at once revoke the old key once.
    const revoked = await s.connector.revoke(`replace:${account.id}:${pending.createdAt}`, previous.sealedKey, previous.endpoint);
    replacedKeyKept = isFailure(revoked);
  }
  s.tx.accounts.put(account);
  s.tx.connections.put({
    account: account.id, endpoint: pending.endpoint, sealedKey: pending.sealedKey, state: 'validated', createdAt: s.now.toISOString(), chatUser: s.chatUser,
  });
  s.tx.connections.removePending(s.chatUser);
  await s.tx.links.put({ chatUser: s.chatUser, account: account.id, linkedBy: `${s.chatUser} (account connect)`, linkedAt: s.now.toISOString() });
  audit(s, account.id, 'account.connect', { endpoint: pending.endpoint, replaced: previous !== undefined });
  return { kind: 'connected', account, endpoint: pending.endpoint, replacedKeyKept };
}

/** What disconnecting did. */
export type Disconnected =
  | { readonly kind: 'revoked'; readonly account: string; readonly endpoint: string; readonly cancelledPending: boolean }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'none' };

/** Revokes the key of the chat user's account at the provider, then forgets it and the chat user's link. */
export async function disconnect(s: ConnectScope): Promise<Disconnected | DomainError> {
  const pending = await s.tx.connections.pending(s.chatUser);
  const link = await s.tx.links.get(s.chatUser);
  const connection = link ? await s.tx.connections.get(link.account) : undefined;
  if (pending) s.tx.connections.removePending(s.chatUser);
  if (!connection) {
    if (pending) audit(s, null, 'account.connect-cancelled', { endpoint: pending.endpoint });
    return pending ? { kind: 'cancelled' } : { kind: 'none' };
  }
  const revoked = await s.connector.revoke(s.effectKey, connection.sealedKey, connection.endpoint);
  if (isFailure(revoked)) return revoked;
  s.tx.connections.remove(connection.account);
  await s.tx.links.remove(s.chatUser);
  audit(s, connection.account, 'account.disconnect', { endpoint: connection.endpoint });
  return { kind: 'revoked', account: connection.account, endpoint: connection.endpoint, cancelledPending: pending !== undefined };
}

function drop(s: ConnectScope, kind: 'refused' | 'expired'): ConnectProgress {
  s.tx.connections.removePending(s.chatUser);
  audit(s, null, `account.connect-${kind}`, {});
  return { kind };
}

/** Audit entries of the connection flow name the endpoint, never a key. */
function audit(s: ConnectScope, account: string | null, action: string, details: Record<string, unknown>): void {
  s.tx.audit.append({
    id: randomCode(10), at: s.now.toISOString(), actor: s.chatUser, account, channel: null, action, target: account, result: 'ok', details,
  });
}
