import type { Account } from '../domain/account.js';
import type { Tx } from '../ports/store.js';
import type { Completion } from './args.js';

/** At most this many suggestions are returned (Discord's limit for autocomplete choices). */
export const MAX_SUGGESTIONS = 25;
/** How many items a completer reads at most, so a big account never costs a full scan. */
export const COMPLETION_READ_LIMIT = 500;

/** One suggestion: the value to fill in and a label shown beside it. */
export interface Suggestion {
  readonly value: string;
  readonly label: string;
}

/** Who asks for suggestions: their linked account (if any) and whether they are an operator. */
export interface CompletionScope {
  readonly account: Account | undefined;
  readonly operator: boolean;
}

/** Lists the caller's own items of one kind (read-only); `matches` filters on the partial input. */
export type Completer = (tx: Tx, scope: CompletionScope, matches: (...texts: string[]) => boolean) => Promise<Suggestion[]>;

async function servicesOf(tx: Tx, account: Account, keep: (kind: string) => boolean, matches: (...t: string[]) => boolean) {
  const out: Suggestion[] = [];
  let after: string | undefined;
  for (let read = 0; read < COMPLETION_READ_LIMIT; ) {
    const page = await tx.services.listForContact(account.id, after, 100);
    read += page.items.length;
    for (const s of page.items) {
      if (s.state !== 'deleted' && keep(s.kind) && matches(s.id, s.displayName)) {
        out.push({ value: s.id, label: s.displayName ? `${s.id} — ${s.displayName}` : s.id });
      }
    }
    if (!page.next || out.length >= MAX_SUGGESTIONS) break;
    after = page.next;
  }
  return out;
}

/**
 * The completers by kind: projects (Public Cloud), services (any, not deleted) and orders of the caller's account,
 * open contact-change requests that concern it, and accounts (operators: all; others: their own only).
 * A family with a new kind of item adds its entry here.
 */
export const COMPLETERS: Partial<Record<Completion, Completer>> = {
  project: async (tx, { account }, matches) =>
    account ? servicesOf(tx, account, (k) => k === 'public-cloud-project', matches) : [],
  service: async (tx, { account }, matches) => (account ? servicesOf(tx, account, () => true, matches) : []),
  order: async (tx, { account }, matches) => {
    if (!account) return [];
    const page = await tx.orders.listForAccount(account.id, undefined, 100);
    return page.items.filter((o) => matches(o.id, o.state)).map((o) => ({ value: o.id, label: `${o.id} — ${o.state}` }));
  },
  request: async (tx, { account }, matches) => {
    if (!account) return [];
    const page = await tx.contactRequests.listForAccount(account.id, undefined, 100);
    return page.items
      .filter((r) => (r.state === 'pending' || r.state === 'accepted') && matches(r.id, r.serviceId))
      .map((r) => ({ value: r.id, label: `${r.id} — ${r.role} of ${r.serviceId}: ${r.from} → ${r.to} (${r.state})` }));
  },
  account: async (tx, { account, operator }, matches) => {
    if (!operator) return account && matches(account.id) ? [{ value: account.id, label: account.id }] : [];
    const out: Suggestion[] = [];
    let after: string | undefined;
    for (let read = 0; read < COMPLETION_READ_LIMIT && out.length < MAX_SUGGESTIONS; ) {
      const page = await tx.accounts.list(after, 100);
      read += page.items.length;
      for (const a of page.items) if (matches(a.id, a.name)) out.push({ value: a.id, label: a.name ? `${a.id} — ${a.name}` : a.id });
      if (!page.next) break;
      after = page.next;
    }
    return out;
  },
};

/** A case-insensitive matcher on partial input; items whose text starts with it rank first. */
export function matcherOf(partial: string): { matches: (...texts: string[]) => boolean; rank: (s: Suggestion) => number } {
  const p = partial.trim().toLowerCase();
  return {
    matches: (...texts) => texts.some((t) => t.toLowerCase().includes(p)),
    rank: (s) => (s.value.toLowerCase().startsWith(p) ? 0 : 1),
  };
}

/** The caller's own items of a kind that match the partial input, best first, at most 25. */
export async function suggestItems(tx: Tx, scope: CompletionScope, kind: Completion, partial: string): Promise<Suggestion[]> {
  const completer = COMPLETERS[kind];
  if (!completer) return [];
  const { matches, rank } = matcherOf(partial.slice(0, 100));
  const found = await completer(tx, scope, matches);
  return found
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ s }) => s);
}
