import type { Account } from '../domain/account.js';
import type { Service } from '../domain/service.js';
import type { Tx } from '../ports/store.js';
import { voucherSeeder } from './demo-vouchers.js';
import { reschedule, serviceOwner } from '../flows/schedule.js';
import { renewalEntries } from '../domain/renewal.js';

import { DAY_MS as DAY } from '../domain/time.js';

/** A step that adds part of the demo data; families with their own documents add theirs. */
export type DemoSeeder = (tx: Tx, now: Date) => Promise<void>;

/** The demo accounts of SPEC §5. */
export function demoAccounts(): Account[] {
  const base = { name: '', closedAt: null };
  return [
    { ...base, id: 'alice-ovh', name: 'Alice Martin', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: 'alice@example.com', backupEmail: null, twoFactor: false, paymentMethods: [{ id: 'pm-alice-card', kind: 'card', label: 'Visa •••• 4242', default: true }] },
    { ...base, id: 'bob-ovh', name: 'Bob Durand', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: 'bob@example.com', backupEmail: 'bob.backup@example.net', twoFactor: true, paymentMethods: [] },
    { ...base, id: 'carol-ovh', name: 'Carol Smith', subsidiary: 'GB', currency: 'GBP', locale: 'en', email: 'carol@example.co.uk', backupEmail: null, twoFactor: true, paymentMethods: [{ id: 'pm-carol-card', kind: 'card', label: 'Mastercard •••• 5454', default: true }] },
    { ...base, id: 'dave-ovh', name: 'Dave Bernard', subsidiary: 'FR', currency: 'EUR', locale: 'fr', email: 'dave@example.fr', backupEmail: 'dave@example.org', twoFactor: false, paymentMethods: [{ id: 'pm-dave-sepa', kind: 'sepa-debit', label: 'SEPA FR76 •••• 0189', default: true }] },
  ];
}

/** The demo services of SPEC §5, with expiry dates relative to `now`. */
export function demoServices(now: Date): Service[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const created = new Date(now.getTime() - 200 * DAY).toISOString();
  const alice = { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' };
  const common = { state: 'active' as const, createdAt: created, deletedAt: null };
  return [
    { ...common, id: 'pc-demo', kind: 'public-cloud-project', displayName: 'Demo project', owner: 'alice-ovh', contacts: alice, renewal: null },
    { ...common, id: 'vps-demo-1', kind: 'vps', displayName: 'VPS demo', owner: 'alice-ovh', contacts: alice, renewal: { expiresAt: at(10), periodMonths: 1, mode: 'manual', cancelReason: null, priceMinor: 699 } },
    { ...common, id: 'example-demo.fr', kind: 'domain', displayName: 'example-demo.fr', owner: 'alice-ovh', contacts: alice, renewal: { expiresAt: at(45), periodMonths: 12, mode: 'automatic', cancelReason: null, priceMinor: 899 } },
    { ...common, id: 'hosting-demo', kind: 'web-hosting', displayName: 'Hosting demo', owner: 'alice-ovh', contacts: alice, renewal: { expiresAt: at(5), periodMonths: 12, mode: 'cancel', cancelReason: 'Moving the site elsewhere', priceMinor: 3599 } },
    { ...common, id: 'ks-demo', kind: 'dedicated-server', displayName: 'Kimsufi demo', owner: 'bob-ovh', contacts: { admin: 'bob-ovh', billing: 'bob-ovh', tech: 'bob-ovh' }, renewal: { expiresAt: at(3), periodMonths: 1, mode: 'automatic', cancelReason: null, priceMinor: 2499 } },
  ];
}

/** Console users linked to the demo accounts. */
export const DEMO_CONSOLE_USERS: Readonly<Record<string, string>> = { alice: 'alice-ovh', bob: 'bob-ovh', carol: 'carol-ovh', dave: 'dave-ovh' };

/** Accounts, services and console links. */
const coreSeeder: DemoSeeder = async (tx, now) => {
  for (const a of demoAccounts()) tx.accounts.put(a);
  for (const s of demoServices(now)) await tx.services.put(s);
  for (const [user, account] of Object.entries(DEMO_CONSOLE_USERS)) {
    await tx.links.put({ chatUser: `console:local/${user}`, account, linkedBy: 'demo', linkedAt: now.toISOString() });
  }
};

/** The demo services' expiries and reminders in the date index. */
const renewalSeeder: DemoSeeder = async (tx, now) => {
  for (const s of demoServices(now)) await reschedule(tx, serviceOwner(s.id), renewalEntries(s));
};

/** Every demo seeder, in order; families append theirs (vouchers, …). */
export const DEMO_SEEDERS: DemoSeeder[] = [coreSeeder, voucherSeeder, renewalSeeder];

/** Loads the demo data in one unit of work, then `extras` (e.g. the showcase of `demo-showcase.ts`). */
export async function seedDemo(tx: Tx, now: Date, extras: readonly DemoSeeder[] = []): Promise<void> {
  for (const seed of [...DEMO_SEEDERS, ...extras]) await seed(tx, now);
}
