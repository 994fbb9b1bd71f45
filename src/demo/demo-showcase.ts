import { hashToken, newToken, dueEntryOf, requestSecretRef, type ContactRequest } from '../domain/contact-request.js';
import { tokenNotice } from '../domain/contact-texts.js';
import { pick } from '../domain/i18n.js';
import { randomCode } from '../domain/ids.js';
import { addDays } from '../domain/time.js';
import { createOrder } from '../flows/order-flow.js';
import { creditEntryId } from '../flows/credit-delivery.js';
import type { Order } from '../domain/order.js';
import { WalletBook } from '../flows/wallet-book.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Tx } from '../ports/store.js';
import type { DemoSeeder } from './demo-data.js';

/** The showcase's contact-change request (bob hands the admin contact of ks-demo over to alice). */
export const SHOWCASE_REQUEST_ID = 'CR-DEM2KS';
/** The showcase's voucher, activated on pc-demo 70 days ago and partly used. */
export const SHOWCASE_VOUCHER = 'SPRING-20';

/**
 * What makes every section of alice's `/account overview` show something, on top of SPEC §5: credit and a partly used
 * voucher on pc-demo, a credit order awaiting payment, and bob's request to make alice the admin contact of ks-demo
 * (each side's token in its service e-mails). Loaded with the demo data by the process (`npm start`); the test harness
 * loads it only when asked (`demo: 'showcase'`), so the tests written against SPEC §5 keep their data.
 */
export function showcaseSeeder(timeZone: string, box: SecretBox): DemoSeeder {
  return async (tx, now) => {
    await seedWallet(tx, now);
    const alice = await tx.accounts.get('alice-ovh');
    if (alice) {
      await createOrder(tx, {
        account: alice, now, taxRateBp: 2000,
        lines: [{ kind: 'cloud-credit', description: 'Public Cloud credit — pc-demo', serviceId: 'pc-demo', amountMinor: 5000 }],
      });
    }
    await seedContactRequest(tx, now, timeZone, box);
  };
}

async function seedWallet(tx: Tx, now: Date): Promise<void> {
  const project = await tx.services.get('pc-demo');
  if (!project) return;
  const at = (days: number) => addDays(now, days).toISOString();
  const activated = addDays(now, -70);
  const bought = at(-40);
  const order: Order = {
    id: 'ORD-DEM2CRED', account: project.owner, createdAt: bought, currency: 'EUR', taxRateBp: 2000,
    lines: [{ kind: 'cloud-credit', description: `Public Cloud credit — ${project.id}`, serviceId: project.id, amountMinor: 10000 }],
    totalExclMinor: 10000, taxMinor: 2000, totalInclMinor: 12000, state: 'delivered', paidWith: 'pm-alice-card',
    steps: [{ state: 'awaiting-payment', at: bought }, { state: 'payment-received', at: bought }, { state: 'delivered', at: bought }],
  };
  tx.orders.create(order);
  tx.vouchers.put({
    code: SHOWCASE_VOUCHER, amountMinor: 2000, currency: 'EUR', subsidiary: 'FR', validityDays: 90, expiresAt: null,
    issuedAt: addDays(activated, -30).toISOString(), issuedBy: 'demo',
    activatedOn: project.id, activatedAt: activated.toISOString(), activatedBy: project.owner,
  });
  const book = await WalletBook.open(tx, project, now);
  const base = { currency: 'EUR', state: 'active' as const, expiredMinor: 0, finishedAt: null };
  book.add({ ...base, id: `V-${SHOWCASE_VOUCHER}`, kind: 'voucher', initialMinor: 2000, balanceMinor: 2000, createdAt: activated.toISOString(), expiresAt: at(20), orderId: null, voucherCode: SHOWCASE_VOUCHER });
  book.add({ ...base, id: creditEntryId(order, 0), kind: 'credit', initialMinor: 10000, balanceMinor: 10000, createdAt: bought, expiresAt: at(355), orderId: order.id, voucherCode: null });
  // Some consumption already paid from the voucher (vouchers are used first).
  book.charge(760, addDays(now, -10), undefined, { id: `mv-${randomCode(8)}`, by: 'demo', billedTo: project.contacts.billing });
  book.save();
}

async function seedContactRequest(tx: Tx, now: Date, timeZone: string, box: SecretBox): Promise<void> {
  const service = await tx.services.get('ks-demo');
  if (!service || service.contacts.admin !== 'bob-ovh') return;
  const id = SHOWCASE_REQUEST_ID;
  const tokens = { current: newToken(), new: newToken() };
  const request: ContactRequest = {
    id, serviceId: service.id, role: 'admin', from: 'bob-ovh', to: 'alice-ovh', requestedBy: 'bob-ovh', requestedByUser: 'console:local/bob',
    state: 'pending', accepted: { current: null, new: null },
    tokenHash: { current: hashToken(id, 'current', tokens.current), new: hashToken(id, 'new', tokens.new) },
    failedAttempts: 0, pairedWith: null, createdAt: addDays(now, -1).toISOString(), expiresAt: addDays(now, 6).toISOString(),
    settledAt: null, endReason: null,
  };
  await tx.contactRequests.create(request);
  tx.due.add(dueEntryOf(request));
  for (const side of ['current', 'new'] as const) {
    const account = await tx.accounts.get(side === 'current' ? request.from : request.to);
    if (!account) continue;
    const notice = tokenNotice(request, side, timeZone);
    const secretUntil = await tx.secrets.keep({ ref: requestSecretRef(id), account: account.id, sealed: box.seal(tokens[side]), expiresAt: request.expiresAt }, { fresh: true });
    tx.mails.append({
      id: randomCode(10), at: request.createdAt, account: account.id, subject: pick(notice.subject, account.locale), body: pick(notice.body, account.locale),
      secretRef: requestSecretRef(id), ...(secretUntil ? { secretUntil } : {}),
    });
  }
}
