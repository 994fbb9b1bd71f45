import type { Notice } from '../core/command.js';
import type { Localized } from '../core/i18n.js';
import { cancelRequestsOfService, type SettleContext } from '../flows/contact-settlement.js';
import { concernedAccounts, type Service } from '../domain/service.js';
import { noticeSource, queueNotice } from './channel-notices.js';
import type { ReminderSource } from './job-registry.js';
import { putService } from '../flows/schedule.js';

/** Why a service is deleted: at its admin's request, not renewed (manual), terminated at expiry, or its grace period ended. */
export type DeletionReason = 'requested' | 'not-renewed' | 'terminated' | 'grace-ended';
const REASONS: readonly DeletionReason[] = ['requested', 'not-renewed', 'terminated', 'grace-ended'];

/**
 * Date-index kinds of deletion notices for channels (`ref` is `REASON:SERVICE`): a service deleted for want of renewal
 * goes to channels subscribed to `renewal` reminders; a termination or a deletion on request, to `termination`.
 */
export const DELETION_NOTICE = { renewal: 'notice:service-deleted', termination: 'notice:service-terminated' } as const;

const channelTypeOf = (reason: DeletionReason) => (reason === 'not-renewed' || reason === 'grace-ended' ? 'renewal' : 'termination');
const noticeId = (service: Service) => `deleted:${service.id}:${service.deletedAt ?? ''}`;

function deletionSource(type: 'renewal' | 'termination'): ReminderSource {
  return noticeSource(type, async (tx, ref) => {
    const cut = ref.indexOf(':');
    const reason = ref.slice(0, cut) as DeletionReason;
    const service = await tx.services.get(ref.slice(cut + 1));
    if (!service || service.state !== 'deleted' || !REASONS.includes(reason) || channelTypeOf(reason) !== type) return undefined;
    return { id: noticeId(service), accounts: concernedAccounts(service), message: deletionNotice(service, reason), label: `deleted ${service.id}` };
  });
}

/** Posts the notice of a service deleted for want of renewal (manual, or after its grace period) to `renewal` channels. */
export const deletedNotice = deletionSource('renewal');
/** Posts the notice of a service terminated at expiry, or deleted at its admin's request, to `termination` channels. */
export const terminatedNotice = deletionSource('termination');

/** The notice of a deletion, in both languages (service mails, private messages and subscribed channels). */
export function deletionNotice(service: Service, reason: DeletionReason): Notice {
  const id = service.id;
  const texts: Record<DeletionReason, { subject: Localized; body: Localized }> = {
    requested: {
      subject: { en: `${id} deleted`, fr: `${id} supprimé` },
      body: { en: `${id} was deleted immediately and permanently at the request of ${service.contacts.admin}.`, fr: `${id} a été supprimé immédiatement et définitivement à la demande de ${service.contacts.admin}.` },
    },
    terminated: {
      subject: { en: `${id} terminated`, fr: `${id} résilié` },
      body: { en: `${id} reached its expiry and was deleted, as requested (reason: ${service.renewal?.cancelReason ?? '—'}).`, fr: `${id} est arrivé à échéance et a été supprimé, comme demandé (motif : ${service.renewal?.cancelReason ?? '—'}).` },
    },
    'not-renewed': {
      subject: { en: `${id} deleted`, fr: `${id} supprimé` },
      body: { en: `${id} was not renewed before its expiry and has been deleted permanently.`, fr: `${id} n’a pas été renouvelé avant son échéance et a été supprimé définitivement.` },
    },
    'grace-ended': {
      subject: { en: `${id} deleted`, fr: `${id} supprimé` },
      body: {
        en: `${id} was suspended when its automatic renewal failed, and was not renewed during its grace period: it has been deleted permanently.`,
        fr: `${id} était suspendu après l’échec de son renouvellement automatique et n’a pas été renouvelé pendant son délai de grâce : il a été supprimé définitivement.`,
      },
    },
  };
  return texts[reason];
}

/**
 * Deletes a service for good, whatever the path (delete-now, expiry, end of the grace period), in the caller's unit of
 * work: its due entries go, its open contact-change requests are cancelled (both sides told), every concerned account
 * is told (service mails and private messages), and the notice is queued for the channels subscribed to their reminders.
 */
export async function deleteService(sc: SettleContext, service: Service, reason: DeletionReason): Promise<Service> {
  const deleted: Service = { ...service, state: 'deleted', deletedAt: sc.now.toISOString() };
  await putService(sc.tx, deleted);
  await cancelRequestsOfService(sc, service.id);
  const notice = deletionNotice(service, reason);
  const accounts = concernedAccounts(service);
  for (const account of accounts) await sc.notify(account, notice);
  const type = channelTypeOf(reason);
  queueNotice(sc.tx, { at: sc.now.toISOString(), kind: DELETION_NOTICE[type], ref: `${reason}:${service.id}` }, noticeId(deleted), accounts);
  return deleted;
}
