import { billConsumption, consumptionNotice, type Billed } from '../flows/consumption.js';
import type { SettleContext } from '../flows/contact-settlement.js';
import type { Service } from '../domain/service.js';
import type { WalletBook } from '../flows/wallet-book.js';
import { noticeSource, queueNotice } from './channel-notices.js';

/** Date-index kind of a consumption notice for channels (`ref` is `PROJECT:MOVEMENT-NUMBER`). */
export const CONSUMPTION_NOTICE = 'notice:consumption';

const noticeId = (projectId: string, seq: number) => `consumption:${projectId}:${seq}`;

/**
 * Records consumption on a project, billed to its billing contact (see `billConsumption`), and tells the billing
 * contact: service mails and private messages now, and the channels subscribed to its `credit` reminders at the next
 * job run.
 */
export async function chargeProject(sc: SettleContext, project: Service, book: WalletBook, amountMinor: number, meta: { id: string; by: string }): Promise<Billed> {
  const billed = await billConsumption(sc.tx, project, book, amountMinor, sc.now, meta);
  const to = project.contacts.billing;
  await sc.notify(to, consumptionNotice(project.id, billed.movement, book.wallet.currency, billed.method?.label));
  queueNotice(sc.tx, { at: sc.now.toISOString(), kind: CONSUMPTION_NOTICE, ref: `${project.id}:${billed.seq}` }, noticeId(project.id, billed.seq), [to]);
  return billed;
}

/** Posts consumption notices to the channels subscribed to the billing contact's `credit` reminders. */
export const consumptionNoticeSource = noticeSource('credit', async (tx, ref) => {
  const cut = ref.lastIndexOf(':');
  const projectId = ref.slice(0, cut);
  const seq = Number(ref.slice(cut + 1));
  const [record] = await tx.wallets.movements(projectId, seq, seq + 1);
  const wallet = await tx.wallets.get(projectId);
  const to = record?.movement.billedTo;
  if (!record || !wallet || !to) return undefined;
  const payer = await tx.accounts.get(to);
  const label = payer?.paymentMethods.find((p) => p.id === record.movement.paymentMethod)?.label;
  const notice = consumptionNotice(projectId, record.movement, wallet.currency, label);
  return { id: noticeId(projectId, seq), accounts: [to], message: { subject: notice.subject, body: notice.body }, label: `consumption ${ref}` };
});
