import type { Order } from '../domain/order.js';
import type { Service } from '../domain/service.js';
import type { WalletEntry } from '../domain/wallet.js';
import type { ContactChange } from './provider.js';

/** A contact change as the feed reads it: the change (with its expiry), when it was asked and by whom. */
export interface FeedContactChange {
  readonly change: ContactChange;
  readonly createdAt: string;
  readonly askedBy: string | null;
}

/** The credits and vouchers of one Public Cloud project that still have a balance and an end of validity. */
export interface ProjectCredits {
  readonly projectId: string;
  readonly entries: readonly WalletEntry[];
}

/** What the mirror already holds for an account, so that the feed only asks what may have changed. */
export interface SnapshotRequest {
  readonly account: string;
  readonly now: Date;
  /** Orders placed since then are listed (older ones can no longer call for a first reminder). */
  readonly ordersSince: string;
  /** Orders the mirror holds, by ID: delivered and cancelled ones are taken as they are; the others are asked again. */
  readonly knownOrders: ReadonlyMap<string, Order>;
  /** IDs of the contact changes the mirror holds as pending: those no longer pending are read once for their outcome. */
  readonly pendingChanges: readonly string[];
}

/** One connected account as its provider sees it now, in Guichet's domain terms. */
export interface AccountSnapshot {
  /** Every service the account is a contact of (deleted or expired ones as the provider says). */
  readonly services: readonly Service[];
  /** The credits of every active Public Cloud project among `services`. */
  readonly credits: readonly ProjectCredits[];
  /** Orders placed since `ordersSince`, and the known ones still in progress, in their current state. */
  readonly orders: readonly Order[];
  /** Contact changes waiting for answers, and the known pending ones in their current state. */
  readonly contactChanges: readonly FeedContactChange[];
}

/**
 * Reads the connected cloud accounts of a provider that keeps the books itself (OVHcloud), so that Guichet's
 * reminders work on the real account: the sync job mirrors each snapshot into the store and the date index.
 */
export interface CloudAccountFeed {
  /** The accounts connected to the provider, in a stable order. */
  connectedAccounts(): Promise<string[]>;
  /** Reads one account; throws {@link AccountFeedError} when the provider cannot answer now. */
  snapshot(request: SnapshotRequest): Promise<AccountSnapshot>;
}

/** Why a snapshot could not be read: `unavailable` (try again), `not-connected` (key revoked), `refused` (missing right). */
export type AccountFeedFailure = 'unavailable' | 'not-connected' | 'refused';

/** The provider could not give a snapshot now; `reference` is the provider's ID of the failed query, for its support. */
export class AccountFeedError extends Error {
  /** Builds the error; `message` must be free of secrets. */
  constructor(
    message: string,
    readonly failure: AccountFeedFailure,
    readonly reference?: string,
  ) {
    super(message);
    this.name = 'AccountFeedError';
  }
}
