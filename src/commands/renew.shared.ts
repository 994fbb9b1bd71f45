import { z } from 'zod';
import { positional } from '../core/args.js';
import { findOwnService, resolveService } from './access.js';
import type { CommandContext } from '../core/command.js';
import { formatDate } from '../core/i18n.js';
import { isRefusal, refuse, type Refusal } from '../core/reply.js';
import { expiryText } from '../domain/renewal.js';
import type { Service } from '../domain/service.js';

const SERVICE_META = {
  placeholder: 'SERVICE',
  complete: 'service',
  description: { en: 'the service name, e.g. vps-demo-1', fr: 'le nom du service, par ex. vps-demo-1' },
} as const;

/** The SERVICE argument, which may be left out when the account has one service that fits. */
export const optionalServiceArg = () => positional(z.string().max(128).optional(), SERVICE_META);
/** The SERVICE argument, always named (before a reason, or for a deletion). */
export const serviceArg = () => positional(z.string().min(1).max(128), SERVICE_META);

/** Services that renew by period (everything but Public Cloud projects), and not deleted. */
export const renewable = (s: Service) => s.renewal !== null && s.state !== 'deleted';

/**
 * The service a renewal command is about: refuses a deleted one (saying so and when), one billed on
 * consumption, and — when left out — several candidates.
 */
export async function renewalService(ctx: CommandContext, typed: string | undefined): Promise<Service | Refusal> {
  if (typed) {
    const found = await findOwnService(ctx, typed);
    if (found?.state === 'deleted') {
      const when = found.deletedAt ? formatDate(new Date(found.deletedAt), ctx.locale, ctx.config.timeZone) : '—';
      return refuse('SERVICE.DELETED', {
        en: `${found.id} was deleted (${when}); deletion is permanent, so there is nothing left to renew or change.`,
        fr: `${found.id} a été supprimé (${when}) ; la suppression est définitive, il n’y a plus rien à renouveler ni à modifier.`,
      });
    }
  }
  const service = await resolveService(ctx, typed, renewable);
  if (isRefusal(service)) return service;
  if (!service.renewal) {
    return refuse('RENEW.NOT_RENEWABLE', {
      en: `${service.id} is a Public Cloud project: it is billed on consumption and has no renewal. See /credit list ${service.id}.`,
      fr: `${service.id} est un projet Public Cloud : il est facturé à la consommation et n’a pas de renouvellement. Voir /credit list ${service.id}.`,
    });
  }
  return service;
}

/** Refuses a mode change once the service has expired or its expiry has passed. */
export function requireBeforeExpiry(ctx: CommandContext, service: Service): Refusal | undefined {
  const r = service.renewal!;
  if (service.state === 'expired') {
    const when = expiryText(service, ctx.now, ctx.config);
    return refuse('RENEW.EXPIRED', {
      en: `${service.id} is suspended (${when.en}); renew it first with /renew pay ${service.id}.`,
      fr: `${service.id} est suspendu (${when.fr}) ; renouvelez-le d’abord avec /renew pay ${service.id}.`,
    });
  }
  if (ctx.now >= new Date(r.expiresAt)) {
    return refuse('RENEW.PAST_EXPIRY', {
      en: `${service.id} reached its expiry (${formatDate(new Date(r.expiresAt), ctx.locale, ctx.config.timeZone)}); its renewal mode can no longer change.`,
      fr: `${service.id} a atteint son échéance (${formatDate(new Date(r.expiresAt), ctx.locale, ctx.config.timeZone)}) ; son mode de renouvellement ne peut plus changer.`,
    });
  }
  return undefined;
}

/** The name of a renewal mode in a reader's language. */
export function modeName(mode: string, ctx: CommandContext): string {
  const names: Record<string, { en: string; fr: string }> = {
    automatic: { en: 'automatic', fr: 'automatique' },
    manual: { en: 'manual', fr: 'manuel' },
    cancel: { en: 'terminate at expiry', fr: 'résiliation à l’échéance' },
  };
  return names[mode] ? ctx.t(names[mode]) : mode;
}
