import { Voucher } from '../../src/domain/voucher.js';
import { ArchivedEntry, MovementRecord, OrderDelivery, Wallet } from '../../src/domain/wallet.js';
import type { Page, VoucherRepository, WalletRepository } from '../../src/ports/store.js';
import type { DocumentTx } from './document-tx.js';
import { ABSENT } from './engine.js';
import { decode, getDoc, getDocs, pageOf, putDoc } from './repositories.js';

/** Zero-padded history number, so numbered keys sort in order. */
export function seqKey(seq: number): string {
  return String(seq).padStart(12, '0');
}

/**
 * Wallets under `wallet:PROJECT`, finished entries under `wallet-hist:PROJECT:SEQ`, movements under
 * `wallet-mv:PROJECT:SEQ`, delivered order lines under `wallet-delivery:ORDER/LINE`.
 */
export class WalletDocs implements WalletRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The project's wallet, if any. */
  get(projectId: string) {
    return getDoc(this.tx, Wallet, `wallet:${projectId}`);
  }
  /** The wallets of several projects, in one round trip at most. */
  getMany(projectIds: readonly string[]) {
    return getDocs(this.tx, Wallet, projectIds.map((id) => `wallet:${id}`));
  }
  /** Saves the wallet document. */
  save(wallet: Wallet) {
    putDoc(this.tx, Wallet, `wallet:${wallet.projectId}`, wallet);
  }
  /** Files a finished entry. */
  archive(record: ArchivedEntry) {
    this.tx.put(`wallet-hist:${record.projectId}:${seqKey(record.seq)}`, ArchivedEntry.parse(record));
  }
  /** Files a movement. */
  recordMovement(record: MovementRecord) {
    this.tx.put(`wallet-mv:${record.projectId}:${seqKey(record.seq)}`, MovementRecord.parse(record));
  }
  /** Finished entries numbered in [from, to), newest first. */
  async history(projectId: string, from: number, to: number) {
    const prefix = `wallet-hist:${projectId}:`;
    const rows = await this.tx.range(`${prefix}${seqKey(Math.max(0, from))}`, `${prefix}${seqKey(Math.max(0, to))}`, { limit: Math.max(0, to - from), reverse: true });
    return rows.map((r) => decode(ArchivedEntry, r.key, r.value));
  }
  /** Movements numbered in [from, to), newest first. */
  async movements(projectId: string, from: number, to: number) {
    const prefix = `wallet-mv:${projectId}:`;
    const rows = await this.tx.range(`${prefix}${seqKey(Math.max(0, from))}`, `${prefix}${seqKey(Math.max(0, to))}`, { limit: Math.max(0, to - from), reverse: true });
    return rows.map((r) => decode(MovementRecord, r.key, r.value));
  }
  /**
   * Where an order line was delivered, if it was. A first attempt reads nothing: it answers "not delivered" and the
   * commit requires that no delivery record exists (one made meanwhile fails it, and the re-run reads the record).
   */
  async deliveryOf(orderLine: string) {
    const key = `wallet-delivery:${orderLine}`;
    if (!this.tx.retry) {
      this.tx.require(key, ABSENT);
      return undefined;
    }
    const v = await this.tx.get(key);
    if (v === undefined) return undefined;
    const { projectId, entryId } = decode(OrderDelivery, key, v);
    return { projectId, entryId };
  }
  /** Records the delivery of an order line. */
  recordDelivery(orderLine: string, projectId: string, entryId: string) {
    this.tx.put(`wallet-delivery:${orderLine}`, OrderDelivery.parse({ orderLine, projectId, entryId }));
  }
}

/** Voucher codes under `voucher:CODE` (upper-case). */
export class VoucherDocs implements VoucherRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The voucher, if the code exists. */
  get(code: string) {
    return getDoc(this.tx, Voucher, `voucher:${code.trim().toUpperCase()}`);
  }
  /** Creates or replaces a voucher. */
  put(voucher: Voucher) {
    putDoc(this.tx, Voucher, `voucher:${voucher.code.toUpperCase()}`, { ...voucher, code: voucher.code.toUpperCase() });
  }
  /** Vouchers in code order, paged. */
  list(after?: string, limit?: number): Promise<Page<Voucher>> {
    return pageOf(this.tx, 'voucher:', Voucher, after, limit);
  }
  /** Removes a voucher code. */
  remove(code: string) {
    this.tx.delete(`voucher:${code.trim().toUpperCase()}`);
  }
}
