import { chatUserKey, type ChatUser } from './identity.js';
import type { UnitOfWork } from '../ports/store.js';

/**
 * Records on the chat user's link that they opened the app's Home, once (the first time; later opens write
 * nothing). Kept in the store, so the process that runs the jobs knows whose Home to refresh. Unlinked users have
 * no account a job could change, so nothing is kept for them. True when the user is linked.
 */
export async function recordHomeOpened(store: UnitOfWork, user: ChatUser, now: Date): Promise<boolean> {
  return store.run(async (tx) => {
    const link = await tx.links.get(chatUserKey(user));
    if (!link) return { commit: false, result: false };
    if (link.homeOpenedAt) return { commit: false, result: true };
    await tx.links.put({ ...link, homeOpenedAt: now.toISOString() });
    return { commit: true, result: true };
  });
}

/** Whether a linked chat user has opened the app's Home. */
export async function homeOpened(store: UnitOfWork, user: ChatUser): Promise<boolean> {
  return store.run(async (tx) => ({ commit: false, result: Boolean((await tx.links.get(chatUserKey(user)))?.homeOpenedAt) }));
}

/** The chat users (`platform:workspace/user` keys) of a platform, linked to one of `accounts`, who opened the app's Home. */
export async function homeWatchers(store: UnitOfWork, accounts: readonly string[], platform: string): Promise<string[]> {
  if (accounts.length === 0) return [];
  return store.run(async (tx) => {
    const out = new Set<string>();
    for (const account of accounts) {
      for (const link of await tx.links.listForAccount(account)) {
        if (link.homeOpenedAt && link.chatUser.startsWith(`${platform}:`)) out.add(link.chatUser);
      }
    }
    return { commit: false, result: [...out] };
  });
}
