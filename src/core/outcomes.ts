import { randomCode } from '../domain/ids.js';
import type { JobReport } from '../ports/jobs.js';
import type { Logger } from '../ports/logger.js';
import { RemoteEffectInProgress } from '../ports/remote-effects.js';
import { StoreUnavailableError } from '../ports/store.js';
import { pick, type Locale, type Localized } from './i18n.js';
import { reply, table, text, type Reply } from './reply.js';

/** A private error reply with a stable code. */
export function errorReply(code: string, message: string): Reply {
  return reply([text(message)], { tone: 'error', code });
}

/** Turns an error into a reply: store faults say "try again later"; bugs are logged once with a reference. */
export function failureReply(error: unknown, log: Logger, locale: Locale): Reply {
  if (error instanceof StoreUnavailableError) {
    log.warn({ err: error.message }, 'store unavailable');
    return errorReply('STORE.UNAVAILABLE', pick({
      en: 'The store is unavailable right now; nothing was changed. Please try again in a minute.',
      fr: 'Le stockage est indisponible pour le moment ; rien n’a été modifié. Réessayez dans une minute.',
    }, locale));
  }
  if (error instanceof RemoteEffectInProgress) {
    log.info({ key: error.key }, 'remote effect in progress elsewhere');
    return errorReply(error.code, pick({
      en: 'This request is still being applied (it reached me twice, or an earlier attempt was interrupted). Please try again in a minute: it will be applied once.',
      fr: 'Cette demande est encore en cours d’application (elle m’est parvenue deux fois, ou une tentative a été interrompue). Réessayez dans une minute : elle ne sera appliquée qu’une fois.',
    }, locale));
  }
  const ref = `ERR-${randomCode(8)}`;
  log.error({ ref, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'unexpected error');
  return {
    ...errorReply('INTERNAL', pick({
      en: `Something went wrong on our side; nothing was changed. Quote reference ${ref} to an operator.`,
      fr: `Une erreur est survenue de notre côté ; rien n’a été modifié. Donnez la référence ${ref} à un opérateur.`,
    }, locale)),
    ref,
  };
}

/** Tells the requester that a private message could not be delivered, and (`kept`) where the notice can be read. */
export function undelivered(chatUser: string, account: string, reason: string, kept: Localized): Localized {
  return {
    en: `⚠ ${chatUser} (${account}): ${reason}. ${kept.en}`,
    fr: `⚠ ${chatUser} (${account}) : ${reason}. ${kept.fr}`,
  };
}

/** The sections that show what a job run did. */
export function reportSections(report: JobReport, locale: Locale): Reply['sections'] {
  const counts = Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b));
  const none = pick({ en: 'Nothing was due.', fr: 'Rien n’était dû.' }, locale);
  return [
    counts.length ? table([pick({ en: 'Outcome', fr: 'Résultat' }, locale), pick({ en: 'Count', fr: 'Nombre' }, locale)], counts.map(([k, v]) => [k, String(v)])) : text(none),
    ...(report.lines.length ? [text(report.lines.map((l) => `• ${pick(l, locale)}`).join('\n'))] : []),
  ];
}
