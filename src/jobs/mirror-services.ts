import { isDeepStrictEqual } from 'node:util';
import { RENEWAL_DUE, renewalEntries, sameSchedule } from '../domain/renewal.js';
import { Service } from '../domain/service.js';
import { byUsage, emptyWallet, Wallet, type WalletEntry } from '../domain/wallet.js';
import { walletReminderOf } from '../flows/wallet-book.js';
import type { ProjectCredits } from '../ports/account-feed.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { addEntry, reschedule, serviceOwner } from '../flows/schedule.js';
import { walletOwner } from './wallet-reminders.js';

/** Entries that belong to the ledger's own lifecycle: its expiry, and its grace period (the provider has its own). */
const LEDGER_ONLY: ReadonlySet<string> = new Set([RENEWAL_DUE.expiry, RENEWAL_DUE.graceEnd, RENEWAL_DUE.graceReminder]);

/**
 * The due entries a mirrored service needs: its reminders only. The provider renews, deletes and expires it
 * itself, with its own grace period, so no `service-expiry` or grace entry is ever made for it (the ledger's
 * lifecycle never runs on the mirror).
 */
export function mirrorEntries(service: Service): DueEntry[] {
  return renewalEntries(service).filter((e) => !LEDGER_ONLY.has(e.kind));
}

/** True when the provider's automatic renewal of a service failed since the mirror last saw it (it expired instead). */
const renewalFailed = (before: Service | undefined, after: Service) =>
  before?.state === 'active' && before.renewal?.mode === 'automatic' && after.state === 'expired';

/**
 * Writes a service read from the provider when it differs from the mirror; its reminders move only when its
 * state, expiry or mode changed. An automatic renewal that failed at the provider gets its reminder, as in the ledger.
 */
export async function putMirroredService(tx: Tx, service: Service, now: Date): Promise<boolean> {
  const doc = Service.parse(service);
  const before = await tx.services.get(doc.id);
  if (before && isDeepStrictEqual(Service.parse(before), doc)) return false;
  await tx.services.put(doc);
  if (sameSchedule(before, doc)) return true;
  await reschedule(tx, serviceOwner(doc.id), mirrorEntries(doc));
  if (renewalFailed(before, doc)) await addEntry(tx, serviceOwner(doc.id), { at: now.toISOString(), kind: RENEWAL_DUE.renewalFailed, ref: doc.id });
  return true;
}

/** Marks a mirrored service the provider no longer lists as deleted, dropping its reminders. */
export async function dropMirroredService(tx: Tx, service: Service, now: Date): Promise<void> {
  await tx.services.put({ ...service, state: 'deleted', deletedAt: service.deletedAt ?? now.toISOString() });
  await reschedule(tx, serviceOwner(service.id), []);
}

/** True when a credit calls for reminders: active, with a balance left. */
const remindable = (e: WalletEntry) => e.state === 'active' && e.balanceMinor > 0;

/**
 * Mirrors a project's active credits and vouchers into its wallet document (owner `account`). An entry's
 * reminder is scheduled when it is new or its expiry or kind changed, and dropped when it is gone; a mere
 * change of balance rewrites the wallet without moving reminders.
 */
export async function putMirroredCredits(tx: Tx, credits: ProjectCredits, account: string): Promise<boolean> {
  const { projectId } = credits;
  const before = await tx.wallets.get(projectId);
  const entries = credits.entries.filter(remindable).sort(byUsage);
  if (!before && entries.length === 0) return false;
  const currency = entries[0]?.currency ?? before?.currency ?? 'EUR';
  const wallet = Wallet.parse({ ...(before ?? emptyWallet(projectId, account, currency)), account, currency, entries });
  if (before && isDeepStrictEqual(Wallet.parse(before), wallet)) return false;
  tx.wallets.save(wallet);
  const old = new Map((before?.entries ?? []).map((e) => [e.id, e]));
  for (const e of wallet.entries) {
    const was = old.get(e.id);
    old.delete(e.id);
    if (was && remindable(was) && was.expiresAt === e.expiresAt && was.kind === e.kind) continue;
    await reschedule(tx, walletOwner(`${projectId}:${e.id}`), [walletReminderOf(projectId, e)]);
  }
  for (const gone of old.keys()) await reschedule(tx, walletOwner(`${projectId}:${gone}`), []);
  return true;
}
