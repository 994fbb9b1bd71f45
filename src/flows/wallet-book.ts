import type { DueEntry, Tx } from '../ports/store.js';
import { daysBefore } from '../domain/renewal.js';
import type { Service } from '../domain/service.js';
import { addEntry, emptyWallet, expireEntries, type Movement, type Wallet, type WalletEntry } from '../domain/wallet.js';
import { chargeConsumption, type ChargeMethod } from '../domain/wallet-charge.js';

/** Kinds of date-index entries for wallet expiries (written by earlier versions beside the reminder entry; still handled). */
export const WALLET_DUE_KINDS = ['credit-expiry', 'voucher-expiry'] as const;

/** The date-index entry of a wallet entry's expiry (`ref` is `PROJECT:ENTRY`), as earlier versions wrote it. */
export function dueOfEntry(projectId: string, entry: WalletEntry): DueEntry {
  return { at: entry.expiresAt, kind: entry.kind === 'voucher' ? 'voucher-expiry' : 'credit-expiry', ref: `${projectId}:${entry.id}` };
}

/** Kinds of date-index entries for the reminders before a wallet entry expires. */
export const WALLET_REMINDER_KINDS = { credit: 'reminder:credit', voucher: 'reminder:voucher' } as const;

/**
 * The one date-index entry of a wallet entry (`ref` is `PROJECT:ENTRY`), first due a year before expiry: the reminder
 * job moves it to the configured thresholds (so scheduling does not depend on configuration), then to the expiry,
 * when the ledger's jobs expire the entry (`ledgerWalletExpiring`).
 */
export function walletReminderOf(projectId: string, entry: WalletEntry): DueEntry {
  return { at: daysBefore(entry.expiresAt, 366), kind: WALLET_REMINDER_KINDS[entry.kind], ref: `${projectId}:${entry.id}` };
}

/**
 * A project's wallet opened inside a unit of work. Opening applies expiry lazily (an entry past its
 * validity is expired whatever the jobs did); `save` files finished entries and movements in the
 * numbered history and keeps the date index in step.
 */
export class WalletBook {
  readonly #finished: WalletEntry[] = [];
  readonly #movements: Movement[] = [];
  #changed = false;

  private constructor(
    private readonly tx: Tx,
    private current: Wallet,
  ) {}

  /** Opens the project's wallet (a new one in the owner's currency if none), expiring what is past validity. */
  static async open(tx: Tx, project: Service, now: Date): Promise<WalletBook> {
    let wallet = await tx.wallets.get(project.id);
    if (!wallet) {
      const owner = await tx.accounts.get(project.owner);
      wallet = emptyWallet(project.id, project.owner, owner?.currency ?? 'EUR');
    }
    const book = new WalletBook(tx, wallet);
    book.expire(now);
    return book;
  }

  /** The wallet as it stands in this unit of work. */
  get wallet(): Wallet {
    return this.current;
  }

  /** Entries that finished in this unit of work and are not filed yet (newest last). */
  get pendingFinished(): readonly WalletEntry[] {
    return this.#finished;
  }

  /** True when something changed that `save` would write. */
  get changed(): boolean {
    return this.#changed;
  }

  /** Expires entries past validity (their balance is lost); returns them. */
  expire(now: Date): readonly WalletEntry[] {
    const change = expireEntries(this.current, now);
    this.#apply(change.wallet, change.finished);
    return change.finished;
  }

  /** Adds a credit or voucher entry, with its one due entry (reminders, then its expiry). */
  add(entry: WalletEntry): void {
    this.#apply(addEntry(this.current, entry), []);
    this.tx.due.add(walletReminderOf(this.current.projectId, entry));
  }

  /** Charges consumption: vouchers, then credit, then the payment method, else unpaid. */
  charge(amountMinor: number, now: Date, method: ChargeMethod | undefined, meta: { id: string; by: string; billedTo?: string }): Movement {
    this.expire(now);
    const change = chargeConsumption(this.current, amountMinor, now, method, meta);
    this.#apply(change.wallet, change.finished);
    this.#movements.push(change.movement);
    return change.movement;
  }

  /** Writes the wallet, its newly finished entries and movements, in this unit of work. */
  save(): void {
    if (!this.#changed) return;
    let wallet = this.current;
    for (const entry of this.#finished) {
      this.tx.wallets.archive({ projectId: wallet.projectId, seq: wallet.historyCount, entry });
      // An entry of an earlier version also has its expiry entry; a reminder entry already moved to a threshold stays
      // there and goes when it comes (its entry is gone).
      this.tx.due.remove(dueOfEntry(wallet.projectId, entry));
      this.tx.due.remove(walletReminderOf(wallet.projectId, entry));
      wallet = { ...wallet, historyCount: wallet.historyCount + 1 };
    }
    for (const movement of this.#movements) {
      this.tx.wallets.recordMovement({ projectId: wallet.projectId, seq: wallet.movementCount, movement });
      wallet = { ...wallet, movementCount: wallet.movementCount + 1 };
    }
    this.tx.wallets.save(wallet);
    this.current = wallet;
    this.#finished.length = 0;
    this.#movements.length = 0;
    this.#changed = false;
  }

  #apply(wallet: Wallet, finished: readonly WalletEntry[]): void {
    if (wallet === this.current && finished.length === 0) return;
    this.current = wallet;
    this.#finished.push(...finished);
    this.#changed = true;
  }
}

/** An entry the expiry job expired: its balance is lost. */
export interface ExpiredEntry {
  readonly projectId: string;
  readonly account: string;
  readonly entry: WalletEntry;
}

/** True for the date-index entries that may end a wallet entry: `credit-expiry`, `voucher-expiry` and the reminder entries. */
export function isWalletDue(due: DueEntry): boolean {
  return (WALLET_DUE_KINDS as readonly string[]).includes(due.kind) || due.kind === WALLET_REMINDER_KINDS.credit || due.kind === WALLET_REMINDER_KINDS.voucher;
}

/**
 * Handles one due wallet entry (`isWalletDue`): expires every entry of that project past validity (balance lost,
 * recorded in the history) and removes the index entry once its wallet entry is gone. Idempotent.
 */
export async function expireDueEntry(tx: Tx, due: DueEntry, now: Date): Promise<ExpiredEntry[]> {
  const cut = due.ref.lastIndexOf(':');
  const projectId = due.ref.slice(0, cut);
  const entryId = due.ref.slice(cut + 1);
  const out: ExpiredEntry[] = [];
  const service = await tx.services.get(projectId);
  if (service) {
    const book = await WalletBook.open(tx, service, now);
    for (const entry of book.pendingFinished) if (entry.state === 'expired') out.push({ projectId, account: book.wallet.account, entry });
    book.save();
  }
  const wallet = await tx.wallets.get(projectId);
  if (!wallet?.entries.some((e) => e.id === entryId)) tx.due.remove(due);
  return out;
}

/**
 * Expires the credits and vouchers whose validity ended by `now`, reading at most `limit` entries of
 * the date index: the lifecycle job calls it (or `expireDueEntry` per entry when it reads the index itself).
 */
export async function expireWalletEntries(tx: Tx, now: Date, limit = 200): Promise<ExpiredEntry[]> {
  const out: ExpiredEntry[] = [];
  for (const due of (await tx.due.until(now, limit)).filter(isWalletDue)) out.push(...(await expireDueEntry(tx, due, now)));
  return out;
}
