import { Order } from '../../src/domain/order.js';
import type { DueEntry, DueIndex, OrderRepository, Page } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { ABSENT } from './engine.js';
import { getDoc, presentDocs, putDoc } from './repositories.js';

/**
 * Orders under `order:ID`, indexed under `order-by-acct:ACCOUNT:CREATED:ID` (written with the order's first version:
 * the account and creation time never change) and, while in progress, `order-open:ACCOUNT:CREATED:ID`.
 */
export class OrderDocs implements OrderRepository {
  /** The account index keys of the orders this transaction read as existing: those entries exist (the commit checks the orders did not change). */
  readonly #indexed = new Set<string>();
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The order, if any. */
  async get(id: string) {
    const order = await getDoc(this.tx, Order, orderKey(id));
    if (order) this.#indexed.add(byAccountKey(order));
    return order;
  }
  /** Creates or replaces an order (its creation time and account never change, so neither does its account index entry). */
  put(order: Order) {
    putDoc(this.tx, Order, `order:${order.id}`, order);
    const indexed = byAccountKey(order);
    if (!this.#indexed.has(indexed)) this.tx.put(indexed, order.id);
    const open = `order-open:${order.account}:${order.createdAt}:${order.id}`;
    if (order.state === 'delivered' || order.state === 'cancelled') this.tx.delete(open);
    else this.tx.put(open, order.id);
  }
  /** Creates an order whose ID must be new: the commit requires that no order has it. */
  create(order: Order) {
    this.tx.require(`order:${order.id}`, ABSENT);
    this.put(order);
  }
  /** The account's orders in progress, oldest first (an index kept by `put`). */
  async listOpen(accountId: string, limit = 50): Promise<Order[]> {
    const prefix = `order-open:${accountId}:`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit });
    return presentDocs(this.tx, Order, rows.map((r) => orderKey(String(r.value))));
  }
  /** The account's orders, newest first; `after` is the index key suffix returned as `next`. */
  async listForAccount(accountId: string, after?: string, limit = 20): Promise<Page<Order>> {
    const prefix = `order-by-acct:${accountId}:`;
    const to = after === undefined ? prefixEnd(prefix) : `${prefix}${after}`;
    const rows = await this.tx.range(prefix, to, { limit: limit + 1, reverse: true });
    const page = rows.slice(0, limit);
    const items = await presentDocs(this.tx, Order, page.map((r) => orderKey(String(r.value))));
    const last = page[page.length - 1];
    return rows.length > limit && last ? { items, next: last.key.slice(prefix.length) } : { items };
  }
}

/** The date index under `due:AT:KIND:REF`. */
export class DueDocs implements DueIndex {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** Adds an entry. */
  add(e: DueEntry) {
    this.tx.put(keyOf(e), { at: e.at, kind: e.kind, ref: e.ref });
  }
  /** Removes an entry. */
  remove(e: DueEntry) {
    this.tx.delete(keyOf(e));
  }
  /** Entries due by `until`, oldest first, paged after `after`. */
  async until(until: Date, limit: number, after?: DueEntry) {
    const from = after ? `${keyOf(after)}\u0000` : 'due:';
    const rows = await this.tx.range(from, `due:${until.toISOString()}\uffff`, { limit });
    return rows.map((r) => r.value as DueEntry);
  }
}

/** The key of an order's entry in its account's index. */
function byAccountKey(order: Order): string {
  return `order-by-acct:${order.account}:${order.createdAt}:${order.id}`;
}

/** The key of an order's document (IDs are matched without surrounding spaces, in upper case). */
function orderKey(id: string): string {
  return `order:${id.trim().toUpperCase()}`;
}

function keyOf(e: DueEntry): string {
  return `due:${e.at}:${e.kind}:${e.ref}`;
}
