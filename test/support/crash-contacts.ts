import { z } from 'zod';
import { isOpen, type ContactRequest } from '../../src/domain/contact-request.js';
import type { Tx } from '../../src/ports/store.js';
import type { Scan } from './crash-invariants.js';
import { CONTACT_SERVICES } from './crash-workload.js';

/**
 * Checks the contact-change side after a crash: each service's contacts are its first contacts moved by exactly
 * its applied requests (every account's moves out minus moves in match where the role started and ended), the
 * contact index follows the contacts, and the open-request index points at open requests only. Returns how many were applied.
 */
export async function checkContacts(tx: Tx, scan: Scan, has: (key: string) => Promise<boolean>, requests: ContactRequest[], v: string[]): Promise<number> {
  const initial = 'alice-ovh';
  for (const id of CONTACT_SERVICES) {
    const service = await tx.services.get(id);
    if (!service) { v.push(`service ${id} vanished`); continue; }
    for (const role of ['admin', 'billing', 'tech'] as const) {
      const moves = requests.filter((r) => r.serviceId === id && r.role === role && r.state === 'applied');
      const balance = new Map<string, number>();
      const bump = (a: string, n: number) => balance.set(a, (balance.get(a) ?? 0) + n);
      for (const r of moves) { bump(r.from, 1); bump(r.to, -1); }
      bump(initial, -1);
      bump(service.contacts[role], 1);
      if ([...balance.values()].some((n) => n !== 0)) {
        v.push(`${id}: ${role} contact is ${service.contacts[role]} but applied requests ${moves.map((r) => `${r.from}→${r.to}`).join(', ') || '(none)'} lead elsewhere`);
      }
    }
    for (const account of ['alice-ovh', 'dave-ovh']) {
      const isContact = Object.values(service.contacts).includes(account);
      if ((await has(`svc-by-contact:${account}:${id}`)) !== isContact) v.push(`${id}: contact index of ${account} disagrees with its contacts`);
    }
  }
  for (const r of requests) {
    if (r.state === 'applied' && (!r.accepted.current || !r.accepted.new)) v.push(`request ${r.id} applied without both acceptances`);
    if (isOpen(r) && (await tx.contactRequests.openFor(r.serviceId, r.role))?.id !== r.id) v.push(`open request ${r.id} is missing from the open index`);
  }
  for (const { key, doc } of await scan('creq-open:', z.string())) {
    const r = requests.find((q) => q.id === doc);
    if (!r || !isOpen(r)) v.push(`${key} points at ${doc}, which is not an open request`);
  }
  return requests.filter((r) => r.state === 'applied').length;
}
