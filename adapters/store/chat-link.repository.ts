import { z } from 'zod';
import { ChatLink } from '../../src/domain/records.js';
import type { ChatLinkRepository } from '../../src/ports/store.js';
import { type DocumentTx, prefixEnd } from './document-tx.js';
import { getDoc, pageOf, presentDocs, putDoc } from './repositories.js';

/** The chat users linked to one account (`links-of:ACCOUNT`), kept by `put` and `remove`. */
const LinkList = z.object({ chatUsers: z.array(z.string()) });

/**
 * Chat links under `link:CHATUSER`, indexed under `link-by-acct:ACCOUNT:CHATUSER` and listed per account in one document
 * `links-of:ACCOUNT` (a versioned read the engine caches, where the index needs a scan). Stores written before that
 * document existed have the index only: an account without the document is listed from the index, and its first
 * link change writes the document from it.
 */
export class ChatLinkDocs implements ChatLinkRepository {
  /** Binds to a transaction. */
  constructor(private readonly tx: DocumentTx) {}
  /** The link of a chat user, if any. */
  get(chatUser: string) {
    return getDoc(this.tx, ChatLink, `link:${chatUser}`);
  }
  /** Creates or replaces a link. */
  async put(link: ChatLink) {
    const before = await this.get(link.chatUser);
    if (before) this.tx.delete(`link-by-acct:${before.account}:${link.chatUser}`);
    if (before && before.account !== link.account) await this.#relist(before.account, (users) => users.filter((u) => u !== link.chatUser));
    putDoc(this.tx, ChatLink, `link:${link.chatUser}`, link);
    this.tx.put(`link-by-acct:${link.account}:${link.chatUser}`, 1);
    await this.#relist(link.account, (users) => (users.includes(link.chatUser) ? users : [...users, link.chatUser]));
  }
  /** Removes a link. */
  async remove(chatUser: string) {
    const before = await this.get(chatUser);
    if (!before) return false;
    this.tx.delete(`link:${chatUser}`);
    this.tx.delete(`link-by-acct:${before.account}:${chatUser}`);
    await this.#relist(before.account, (users) => users.filter((u) => u !== chatUser));
    return true;
  }
  /** Chat users linked to an account (one read of its list, its links mostly from the cache; a scan of the index in stores without the list). */
  async listForAccount(accountId: string) {
    const users = await this.#users(accountId);
    const links = await presentDocs(this.tx, ChatLink, users.map((u) => `link:${u}`));
    return links.filter((l) => l.account === accountId);
  }
  /** All links, paged. */
  list(after?: string, limit?: number) {
    return pageOf(this.tx, 'link:', ChatLink, after, limit);
  }

  /** The chat users listed for an account: its list document, or (stores written before it) its index entries, in key order. */
  async #users(accountId: string): Promise<string[]> {
    const key = `links-of:${accountId}`;
    const listed = await getDoc(this.tx, LinkList, key);
    if (listed !== undefined) return [...listed.chatUsers];
    const prefix = `link-by-acct:${accountId}:`;
    const rows = await this.tx.range(prefix, prefixEnd(prefix), { limit: 500 });
    return rows.map((r) => r.key.slice(prefix.length));
  }

  /** Rewrites an account's list (sorted, as the index lists it); read first, so concurrent link changes of one account conflict and re-run. */
  async #relist(accountId: string, change: (users: string[]) => string[]): Promise<void> {
    const users = change(await this.#users(accountId)).sort();
    putDoc(this.tx, LinkList, `links-of:${accountId}`, { chatUsers: users });
  }
}
