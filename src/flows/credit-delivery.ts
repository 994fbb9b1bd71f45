import { fail, type DomainError } from '../domain/errors.js';
import type { Tx } from '../ports/store.js';
import type { Order } from '../domain/order.js';
import { addCalendarMonthsIn } from '../domain/time.js';
import { CREDIT_VALIDITY_MONTHS } from '../domain/wallet.js';
import { WalletBook } from './wallet-book.js';

/** The wallet entry ID of a delivered credit line. */
export function creditEntryId(order: Order, lineIndex: number): string {
  return order.lines.length === 1 ? `CR-${order.id}` : `CR-${order.id}-${lineIndex + 1}`;
}

/** When credit bought at `purchasedAt` is lost: 13 calendar months later, counted in `timeZone` (GUICHET_TZ). */
export function creditExpiry(purchasedAt: Date, timeZone: string): Date {
  return addCalendarMonthsIn(purchasedAt, CREDIT_VALIDITY_MONTHS, timeZone);
}

/**
 * Delivers a `cloud-credit` line: a credit of the line's excl.-tax amount appears in the project's
 * wallet, dated now (the purchase) and lost 13 calendar months later (in `timeZone`). Delivered at most once per line.
 */
export async function deliverCloudCredit(tx: Tx, order: Order, lineIndex: number, now: Date, timeZone: string): Promise<DomainError | void> {
  const line = order.lines[lineIndex]!;
  const orderLine = `${order.id}/${lineIndex}`;
  if (await tx.wallets.deliveryOf(orderLine)) return;
  const project = await tx.services.get(line.serviceId);
  if (!project || project.kind !== 'public-cloud-project' || project.state === 'deleted') {
    return fail('ORDER.PROJECT_GONE', {
      en: `The project ${line.serviceId} of order ${order.id} no longer exists, so the credit cannot be delivered; nothing was charged.`,
      fr: `Le projet ${line.serviceId} de la commande ${order.id} n’existe plus : le crédit ne peut pas être livré ; rien n’a été débité.`,
    });
  }
  const book = await WalletBook.open(tx, project, now);
  if (book.wallet.currency !== order.currency) {
    return fail('ORDER.CURRENCY', {
      en: `Order ${order.id} is in ${order.currency} but the wallet of ${project.id} is in ${book.wallet.currency}; nothing was charged.`,
      fr: `La commande ${order.id} est en ${order.currency} mais le portefeuille de ${project.id} est en ${book.wallet.currency} ; rien n’a été débité.`,
    });
  }
  const entryId = creditEntryId(order, lineIndex);
  book.add({
    id: entryId,
    kind: 'credit',
    initialMinor: line.amountMinor,
    balanceMinor: line.amountMinor,
    currency: order.currency,
    createdAt: now.toISOString(),
    expiresAt: creditExpiry(now, timeZone).toISOString(),
    state: 'active',
    orderId: order.id,
    voucherCode: null,
    expiredMinor: 0,
    finishedAt: null,
  });
  book.save();
  tx.wallets.recordDelivery(orderLine, project.id, entryId);
}
