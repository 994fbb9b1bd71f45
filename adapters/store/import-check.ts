import { chatUserKey, parseExactChatUser } from '../../src/core/identity.js';
import { AccountId, type Account } from '../../src/domain/account.js';
import { isOpen, type ContactRequest } from '../../src/domain/contact-request.js';
import type { Order } from '../../src/domain/order.js';
import type { AuditEntry, ChatLink, ServiceMail } from '../../src/domain/records.js';
import type { ReminderSubscription } from '../../src/domain/reminders.js';
import type { Service } from '../../src/domain/service.js';
import { voucherCodeSchema, type Voucher } from '../../src/domain/voucher.js';
import type { ArchivedEntry, MovementRecord, OrderDelivery, Wallet } from '../../src/domain/wallet.js';
import type { StoredConnection } from '../../src/ports/connections.js';
import { COLLECTIONS, ExportFile, type Collection } from './collections.js';

/** One thing wrong in an import file: which document, which field, and why. */
export interface ImportProblem {
  readonly doc: string;
  readonly field: string;
  readonly why: string;
}

/** A validated document with where it came from. */
export interface CheckedDoc {
  readonly collection: Collection;
  readonly label: string;
  readonly key: string;
  readonly doc: unknown;
}

/** The documents of a file that passed the shape checks, by collection, and everything found wrong. */
export interface CheckedImport {
  readonly docs: CheckedDoc[];
  readonly problems: ImportProblem[];
}

type Report = (doc: string, field: string, why: string) => void;

/**
 * Checks a whole export file before anything is written: each document against the domain's own schema, then
 * duplicates, references across documents (every account, service, wallet, order or request named must be in the
 * file) and meaning: chat users and IDs in the form the commands write them, no wildcard, no request already
 * accepted by a side, no audit entry dated after `now`.
 */
export function checkExport(data: unknown, now: Date): CheckedImport {
  const problems: ImportProblem[] = [];
  const report: Report = (doc, field, why) => problems.push({ doc, field, why });
  const file = ExportFile.safeParse(data);
  if (!file.success) {
    report('file', 'format', 'not a Guichet export (expected {"format":"guichet-export","version":1,"collections":{…}})');
    return { docs: [], problems };
  }
  const known = new Set(COLLECTIONS.map((c) => c.name));
  for (const name of Object.keys(file.data.collections)) if (!known.has(name)) report(`collections.${name}`, '', `unknown collection (known: ${[...known].join(', ')})`);
  const docs: CheckedDoc[] = [];
  for (const c of COLLECTIONS) {
    const seen = new Map<string, string>();
    (file.data.collections[c.name] ?? []).forEach((raw, i) => {
      const parsed = c.schema.safeParse(raw);
      const label = `${c.name}[${i}]`;
      if (!parsed.success) {
        for (const issue of parsed.error.issues) report(label + idOf(raw), issue.path.join('.') || '(document)', `${issue.message}${got(raw, issue.path)}`);
        return;
      }
      const key = c.key(parsed.data);
      const named = `${label} (${key.slice(key.indexOf(':') + 1)})`;
      const first = seen.get(key);
      if (first) report(named, '(document)', `duplicate of ${first}: both would be stored as ${key}`);
      else seen.set(key, label);
      docs.push({ collection: c, label: named, key, doc: parsed.data });
    });
  }
  crossCheck(docs, now, report);
  return { docs, problems };
}

/** The problems as lines for an operator, at most `max` of them. */
export function formatProblems(problems: readonly ImportProblem[], max = 50): string {
  const lines = problems.slice(0, max).map((p) => `${p.doc} ${p.field}: ${p.why}`);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines.join('\n  ');
}

function idOf(raw: unknown): string {
  const r = raw as Record<string, unknown> | null;
  const id = r && typeof r === 'object' ? (r.id ?? r.code ?? r.projectId ?? r.chatUser ?? r.owner) : undefined;
  return typeof id === 'string' ? ` (${id.slice(0, 60)})` : '';
}

/** Fields whose values are never echoed in a problem (a secret typed in clear must not reach the terminal or a log). */
const SECRET_FIELD = /secret|token|key|hash|password/i;

function got(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.some((p) => SECRET_FIELD.test(String(p)))) return '';
  let v: unknown = raw;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v === undefined || typeof v === 'object' ? '' : ` (got ${JSON.stringify(v).slice(0, 60)})`;
}

/** True when a typed account ID is already in the form the commands store (`AccountId` lower-cases and trims). */
function canonicalAccount(id: string): boolean {
  const p = AccountId.safeParse(id);
  return p.success && p.data === id;
}

/** A channel address as the adapters write it: `platform:WORKSPACE/CHANNEL`, no wildcard. */
const CHANNEL = /^(console|slack|discord):[^/\s*]+\/[^/\s*]+$/;

function crossCheck(docs: readonly CheckedDoc[], now: Date, report: Report): void {
  const of = <T>(name: string) => docs.filter((d) => d.collection.name === name) as (CheckedDoc & { doc: T })[];
  const accounts = new Set(of<Account>('accounts').map((d) => d.doc.id));
  const services = new Map(of<Service>('services').map((d) => [d.doc.id, d.doc] as const));
  const wallets = new Map(of<Wallet>('wallets').map((d) => [d.doc.projectId, d.doc] as const));
  const orders = new Map(of<Order>('orders').map((d) => [d.doc.id, d.doc] as const));
  const vouchers = new Set(of<Voucher>('vouchers').map((d) => d.doc.code.toUpperCase()));
  const requests = new Set(of<ContactRequest>('contact-requests').map((d) => d.doc.id));
  const account = (d: CheckedDoc, field: string, id: string | null | undefined) => {
    if (id == null) return;
    if (!canonicalAccount(id)) report(d.label, field, `"${id}" is not an account ID as commands write it (lower case, e.g. alice-ovh)`);
    else if (!accounts.has(id)) report(d.label, field, `account ${id} is not in the file`);
  };
  const service = (d: CheckedDoc, field: string, id: string | null | undefined) => {
    if (id != null && !services.has(id)) report(d.label, field, `service ${id} is not in the file`);
  };
  for (const d of of<Account>('accounts')) (d.doc.unpaidBills ?? []).forEach((b, i) => service(d, `unpaidBills.${i}.projectId`, b.projectId));
  for (const d of of<ChatLink>('links')) {
    const u = parseExactChatUser(d.doc.chatUser);
    if (!u || chatUserKey(u) !== d.doc.chatUser) report(d.label, 'chatUser', `"${d.doc.chatUser}" is not one chat user as /guichet admin link writes it (console:local/NAME, slack:TEAM/USER, discord:GUILD/USER; no wildcard)`);
    account(d, 'account', d.doc.account);
  }
  for (const d of of<Service>('services')) {
    account(d, 'owner', d.doc.owner);
    for (const role of ['admin', 'billing', 'tech'] as const) account(d, `contacts.${role}`, d.doc.contacts[role]);
  }
  for (const d of of<Order>('orders')) {
    if (d.doc.id !== d.doc.id.trim().toUpperCase()) report(d.label, 'id', 'order IDs are upper case, e.g. ORD-7K2M9QXA');
    account(d, 'account', d.doc.account);
    d.doc.lines.forEach((l, i) => service(d, `lines.${i}.serviceId`, l.serviceId));
  }
  for (const d of of<Voucher>('vouchers')) {
    const code = voucherCodeSchema().safeParse(d.doc.code);
    if (!code.success || code.data !== d.doc.code) report(d.label, 'code', 'voucher codes are upper-case letters, digits and dashes, e.g. WELCOME-50');
    service(d, 'activatedOn', d.doc.activatedOn);
  }
  for (const d of of<Wallet>('wallets')) {
    const project = services.get(d.doc.projectId);
    if (!project) report(d.label, 'projectId', `service ${d.doc.projectId} is not in the file`);
    else if (project.kind !== 'public-cloud-project') report(d.label, 'projectId', `${d.doc.projectId} is a ${project.kind}, not a Public Cloud project`);
    account(d, 'account', d.doc.account);
    d.doc.entries.forEach((e, i) => {
      if (e.orderId && !orders.has(e.orderId)) report(d.label, `entries.${i}.orderId`, `order ${e.orderId} is not in the file`);
      if (e.voucherCode && !vouchers.has(e.voucherCode.toUpperCase())) report(d.label, `entries.${i}.voucherCode`, `voucher ${e.voucherCode} is not in the file`);
    });
  }
  for (const [name, count] of [['wallet-history', 'historyCount'], ['wallet-movements', 'movementCount']] as const) {
    for (const d of of<ArchivedEntry | MovementRecord>(name)) {
      const w = wallets.get(d.doc.projectId);
      if (!w) report(d.label, 'projectId', `wallet ${d.doc.projectId} is not in the file`);
      else if (d.doc.seq >= w[count]) report(d.label, 'seq', `beyond the wallet's ${count} (${w[count]})`);
    }
  }
  for (const d of of<OrderDelivery>('wallet-deliveries')) {
    if (!wallets.has(d.doc.projectId)) report(d.label, 'projectId', `wallet ${d.doc.projectId} is not in the file`);
    if (!orders.has(d.doc.orderLine.split('/')[0]!)) report(d.label, 'orderLine', `order ${d.doc.orderLine.split('/')[0]} is not in the file`);
  }
  for (const d of of<ContactRequest>('contact-requests')) {
    service(d, 'serviceId', d.doc.serviceId);
    for (const f of ['from', 'to', 'requestedBy'] as const) account(d, f, d.doc[f]);
    const u = parseExactChatUser(d.doc.requestedByUser);
    if (!u || chatUserKey(u) !== d.doc.requestedByUser) report(d.label, 'requestedByUser', `"${d.doc.requestedByUser}" is not one chat user (no wildcard)`);
    if (isOpen(d.doc) && (d.doc.state !== 'pending' || d.doc.accepted.current || d.doc.accepted.new)) {
      report(d.label, 'accepted', 'an open request is imported with no side accepted: each side confirms with its own token after the import');
    }
    if (d.doc.pairedWith && !requests.has(d.doc.pairedWith)) report(d.label, 'pairedWith', `request ${d.doc.pairedWith} is not in the file`);
  }
  for (const d of of<ReminderSubscription>('reminder-subscriptions')) {
    account(d, 'account', d.doc.account);
    if (!CHANNEL.test(d.doc.channel)) report(d.label, 'channel', `"${d.doc.channel}" is not a channel address such as slack:T0123/C0456 (no wildcard)`);
  }
  for (const d of of<ServiceMail>('mails')) account(d, 'account', d.doc.account);
  for (const d of of<StoredConnection>('connections')) {
    account(d, 'account', d.doc.account);
    const u = parseExactChatUser(d.doc.chatUser);
    if (!u || chatUserKey(u) !== d.doc.chatUser) report(d.label, 'chatUser', `"${d.doc.chatUser}" is not one chat user (no wildcard)`);
  }
  for (const d of of<AuditEntry>('audit')) {
    if (new Date(d.doc.at).getTime() > now.getTime()) report(d.label, 'at', `dated after now (${now.toISOString()}): the audit log only records what happened`);
  }
}
