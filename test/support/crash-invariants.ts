import type { z } from 'zod';
import { openEngine } from '../../adapters/store/open-store.js';
import type { SqlEngine } from '../../adapters/store/sql-engine.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';
import { ContactRequest } from '../../src/domain/contact-request.js';
import { Order } from '../../src/domain/order.js';
import { unpaidDue } from '../../src/flows/order-flow.js';
import { AuditEntry, InvocationRecord } from '../../src/domain/records.js';
import { Voucher } from '../../src/domain/voucher.js';
import { walletReminderOf } from '../../src/flows/wallet-book.js';
import { ArchivedEntry, MovementRecord, OrderDelivery, Wallet, type WalletEntry } from '../../src/domain/wallet.js';
import type { Tx } from '../../src/ports/store.js';
import type { Sent } from './crash-bot.js';
import { checkContacts } from './crash-contacts.js';
import { FAKE_TEAM } from './slack-fake.js';

/** What a store holds after a crash, and every invariant it breaks. */
export interface StoreCheck {
  readonly violations: string[];
  readonly counts: { orders: number; delivered: number; movements: number; activated: number; applied: number; invocations: number; audit: number };
}

/** All documents under a key prefix, validated. */
export type Scan = <S extends z.ZodType>(prefix: string, schema: S) => Promise<{ key: string; doc: z.output<S> }[]>;

/** A wallet entry and the project it belongs to. */
interface Placed { readonly project: string; readonly entry: WalletEntry }

/** Opens the store left by killed processes (a SQLite file, or a store URI) and checks every cross-document invariant (see the crash tests). */
export async function checkStore(where: string, sent: ReadonlyMap<string, Sent>): Promise<StoreCheck> {
  const engine = await openEngine(where.includes('://') ? where : `sqlite://${where}`);
  const uow = new DocumentUnitOfWork(engine);
  try {
    return await uow.run(async (tx) => ({ commit: false, result: await inspect(engine, tx, sent) }));
  } finally {
    await uow.close();
  }
}

async function inspect(engine: SqlEngine, tx: Tx, sent: ReadonlyMap<string, Sent>): Promise<StoreCheck> {
  const v: string[] = [];
  const scan: Scan = async (prefix, schema) => {
    const rows = await engine.range(prefix, `${prefix}\uffff`, { limit: 1_000_000 });
    return rows.map((r) => ({ key: r.key, doc: schema.parse(r.value) }));
  };
  const has = async (key: string) => (await engine.read(key)).value !== undefined;

  // Wallets: totals, entries, history and movements agree; every entry came from a delivered order or an activated voucher.
  const entries = new Map<string, Placed>();
  let movementCount = 0;
  const charges = new Map<string, number>();
  for (const { doc: w } of await scan('wallet:', Wallet)) {
    const p = w.projectId;
    const hist = await scan(`wallet-hist:${p}:`, ArchivedEntry);
    const mvs = await scan(`wallet-mv:${p}:`, MovementRecord);
    if (hist.length !== w.historyCount || hist.some((h, i) => h.doc.seq !== i)) v.push(`${p}: ${hist.length} finished entries filed, wallet says ${w.historyCount}`);
    if (mvs.length !== w.movementCount || mvs.some((m, i) => m.doc.seq !== i)) v.push(`${p}: ${mvs.length} movements filed, wallet says ${w.movementCount}`);
    const all = [...w.entries, ...hist.map((h) => h.doc.entry)];
    const paid = new Map<string, number>();
    let used = 0, consumed = 0, byMethod = 0, unpaid = 0;
    for (const { doc: { movement: m } } of mvs) {
      const parts = m.paidFrom.reduce((s, x) => s + x.amountMinor, 0);
      if (parts + m.paidByMethodMinor + m.unpaidMinor !== m.amountMinor) v.push(`${p}: movement ${m.id} does not add up`);
      for (const x of m.paidFrom) paid.set(x.entryId, (paid.get(x.entryId) ?? 0) + x.amountMinor);
      used += parts; consumed += m.amountMinor; byMethod += m.paidByMethodMinor; unpaid += m.unpaidMinor;
      const key = `${p}|${m.at}|${m.by}|${m.amountMinor}`;
      charges.set(key, (charges.get(key) ?? 0) + 1);
    }
    movementCount += mvs.length;
    const t = w.totals;
    const added = all.reduce((s, e) => s + e.initialMinor, 0);
    const expired = all.reduce((s, e) => s + e.expiredMinor, 0);
    if (added !== t.addedMinor) v.push(`${p}: entries add up to ${added}, totals say ${t.addedMinor} added`);
    if (used !== t.usedMinor || consumed !== t.consumedMinor || byMethod !== t.paidByMethodMinor || unpaid !== t.unpaidMinor) {
      v.push(`${p}: movements (used ${used}, consumed ${consumed}, method ${byMethod}, unpaid ${unpaid}) disagree with totals ${JSON.stringify(t)}`);
    }
    if (expired !== t.expiredMinor) v.push(`${p}: expired ${expired}, totals say ${t.expiredMinor}`);
    const balance = w.entries.reduce((s, e) => s + e.balanceMinor, 0);
    if (balance !== t.addedMinor - t.usedMinor - t.expiredMinor) v.push(`${p}: balance ${balance} ≠ added ${t.addedMinor} − used ${t.usedMinor} − expired ${t.expiredMinor}`);
    for (const e of all) {
      if (entries.has(e.id)) v.push(`${p}: entry ${e.id} appears twice`);
      entries.set(e.id, { project: p, entry: e });
      if (e.initialMinor - (paid.get(e.id) ?? 0) - e.expiredMinor !== e.balanceMinor) v.push(`${p}: entry ${e.id} balance ${e.balanceMinor} ≠ its movements`);
      if (e.state === 'active' && !(await has(dueKey(p, e)))) v.push(`${p}: active entry ${e.id} missing from the date index`);
    }
    for (const id of paid.keys()) if (!all.some((e) => e.id === id)) v.push(`${p}: a movement used unknown entry ${id}`);
  }

  // Orders: delivered ⇔ credit delivered; indexes follow the state.
  const orders = await scan('order:', Order);
  const byId = new Map(orders.map((o) => [o.doc.id, o.doc]));
  let delivered = 0;
  for (const { doc: o } of orders) {
    const delivery = await tx.wallets.deliveryOf(`${o.id}/0`);
    const entry = entries.get(`CR-${o.id}`);
    if (!(await has(`order-by-acct:${o.account}:${o.createdAt}:${o.id}`))) v.push(`order ${o.id} missing from its account's index`);
    const open = await has(`order-open:${o.account}:${o.createdAt}:${o.id}`);
    const due = await has(`due:${unpaidDue(o).at}:order-unpaid:${o.id}`);
    if (o.state === 'delivered') {
      delivered += 1;
      if (!delivery || !entry || entry.project !== delivery.projectId || entry.entry.orderId !== o.id || entry.entry.initialMinor !== o.lines[0]!.amountMinor || entry.project !== o.lines[0]!.serviceId) {
        v.push(`order ${o.id} is delivered but its credit is not (delivery ${JSON.stringify(delivery)}, entry ${entry ? entry.project : 'none'})`);
      }
      if (open || due) v.push(`order ${o.id} is delivered but still indexed as open (${open}) or unpaid (${due})`);
    } else if (o.state === 'awaiting-payment') {
      if (delivery || entry) v.push(`order ${o.id} awaits payment but its credit was delivered`);
      if (!open || !due) v.push(`order ${o.id} awaits payment but is missing from the open (${open}) or unpaid (${due}) index`);
    } else v.push(`order ${o.id} was left in state ${o.state}`);
  }
  for (const { doc: d } of await scan('wallet-delivery:', OrderDelivery)) {
    if (byId.get(d.orderLine.split('/')[0]!)?.state !== 'delivered') v.push(`delivery ${d.orderLine} recorded without a delivered order`);
  }
  for (const [id, { project, entry }] of entries) {
    if (entry.kind === 'credit' && byId.get(entry.orderId ?? '')?.state !== 'delivered') v.push(`${project}: credit ${id} without a paid order`);
  }

  // Vouchers: activated ⇔ its entry is in that project's wallet.
  const vouchers = await scan('voucher:', Voucher);
  let activated = 0;
  for (const { doc: vc } of vouchers) {
    const entry = entries.get(`V-${vc.code}`);
    if (vc.activatedOn) activated += 1;
    if (vc.activatedOn && (entry?.project !== vc.activatedOn || entry.entry.initialMinor !== vc.amountMinor)) v.push(`voucher ${vc.code} activated on ${vc.activatedOn} without its wallet entry`);
    if (!vc.activatedOn && entry) v.push(`voucher ${vc.code} is in ${entry.project}'s wallet but not marked activated`);
  }

  // Contact-change requests: services match the applied requests only; the open index matches open requests.
  const requests = await scan('creq:', ContactRequest);
  const applied = await checkContacts(tx, scan, has, requests.map((r) => r.doc), v);

  // Audit ⇔ changes.
  const audit = (await scan('audit:', AuditEntry)).map((a) => a.doc).filter((a) => a.actor.startsWith('slack:'));
  const audited = (action: string) => new Set(audit.filter((a) => a.action === action).map((a) => a.target ?? ''));
  const same = (what: string, inAudit: Set<string>, inStore: Set<string>) => {
    for (const x of inAudit) if (!inStore.has(x)) v.push(`audit has ${what} ${x} that did not happen`);
    for (const x of inStore) if (!inAudit.has(x)) v.push(`${what} ${x} happened without an audit entry`);
  };
  same('credit.buy', audited('credit.buy'), new Set(byId.keys()));
  same('order.pay', audited('order.pay'), new Set(orders.filter((o) => o.doc.state === 'delivered').map((o) => o.doc.id)));
  same('voucher.activate', new Set(audit.filter((a) => a.action === 'voucher.activate').map((a) => `${String(a.details.code)}@${a.target}`)),
    new Set(vouchers.filter((x) => x.doc.activatedOn).map((x) => `${x.doc.code}@${x.doc.activatedOn}`)));
  same('admin.voucher.issue', audited('admin.voucher.issue'), new Set(vouchers.filter((x) => x.doc.issuedBy.startsWith('slack:')).map((x) => x.doc.code)));
  same('contacts.request', audited('contacts.request'), new Set(requests.map((r) => r.doc.id)));
  same('contacts.applied', audited('contacts.applied'), new Set(requests.filter((r) => r.doc.state === 'applied').map((r) => r.doc.id)));
  same('contacts.accept', new Set(audit.filter((a) => a.action === 'contacts.accept').map((a) => `${a.target}/${String(a.details.side)}`)),
    new Set(requests.flatMap((r) => (['current', 'new'] as const).filter((s) => r.doc.accepted[s]).map((s) => `${r.doc.id}/${s}`))));
  const chargeAudit = new Map<string, number>();
  for (const a of audit.filter((x) => x.action === 'admin.charge')) {
    const key = `${a.target}|${a.at}|${a.actor}|${String(a.details.amountMinor)}`;
    chargeAudit.set(key, (chargeAudit.get(key) ?? 0) + 1);
  }
  for (const key of new Set([...charges.keys(), ...chargeAudit.keys()])) {
    if ((charges.get(key) ?? 0) !== (chargeAudit.get(key) ?? 0)) v.push(`charge ${key}: ${charges.get(key) ?? 0} movement(s), ${chargeAudit.get(key) ?? 0} audit entr(ies)`);
  }

  // Invocation records ⇔ commands applied: one record per command that changed something, with its audit entries at the same instant.
  // Filed by day (`invd:DAY:ID`); a store written by an earlier version may still hold `inv:ID` ones.
  const invs = [...(await scan('invd:', InvocationRecord)), ...(await scan('inv:', InvocationRecord))];
  const prefix = `slack:${FAKE_TEAM}:trigger:`;
  const invKeys = new Set<string>();
  for (const { doc: r } of invs) {
    const s = sent.get(r.id.slice(prefix.length));
    if (!r.id.startsWith(prefix) || !s) { v.push(`invocation ${r.id} was never sent`); continue; }
    invKeys.add(`slack:${FAKE_TEAM}/${s.user}|${r.at}`);
  }
  same('command', new Set(audit.map((a) => `${a.actor}|${a.at}`)), invKeys);
  for (const s of sent.values()) {
    if (s.answer !== undefined && !s.failed && !/already (paid|accepted|done)|déjà (payée|accepté|fait)/i.test(s.answer) && !invs.some((r) => r.doc.id === `${prefix}${s.trigger}`)) {
      v.push(`${s.user} ${s.command} ${s.text} was answered as done but its invocation record is missing`);
    }
  }
  return {
    violations: v,
    counts: { orders: orders.length, delivered, movements: movementCount, activated, applied, invocations: invs.length, audit: audit.length },
  };
}

/** The one due entry of a wallet entry (reminders, then its expiry), where a command puts it. */
function dueKey(project: string, entry: WalletEntry): string {
  const d = walletReminderOf(project, entry);
  return `due:${d.at}:${d.kind}:${d.ref}`;
}
