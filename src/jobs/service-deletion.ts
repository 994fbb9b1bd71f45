import type { Notice } from '../core/command.js';
import type { Localized } from '../core/i18n.js';
import { cancelRequestsOfService, type SettleContext } from '../domain/contact-settlement.js';
import { concernedAccounts, type Service } from '../domain/service.js';
import { putService } from './schedule.js';

/** Why a service is deleted: at its admin's request, not renewed (manual), terminated at expiry, or its grace period ended. */
export type DeletionReason = 'requested' | 'not-renewed' | 'terminated' | 'grace-ended';

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
 * work: its due entries go, its open contact-change requests are cancelled (both sides told), and every concerned
 * account is told (service mails and private messages).
 */
export async function deleteService(sc: SettleContext, service: Service, reason: DeletionReason): Promise<Service> {
  const deleted: Service = { ...service, state: 'deleted', deletedAt: sc.now.toISOString() };
  await putService(sc.tx, deleted);
  await cancelRequestsOfService(sc, service.id);
  const notice = deletionNotice(service, reason);
  for (const account of concernedAccounts(service)) await sc.notify(account, notice);
  return deleted;
}
