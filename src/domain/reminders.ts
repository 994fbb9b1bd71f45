import { z } from 'zod';
import { Instant } from './instant.js';
import type { Localized } from './i18n.js';

/** Reminder types a channel can subscribe to (SPEC §3), and `digest`: the account's overview once a week. */
export const REMINDER_TYPES = ['renewal', 'termination', 'credit', 'voucher', 'order', 'contact', 'digest'] as const;
/** A reminder type. */
export type ReminderType = (typeof REMINDER_TYPES)[number];
/** What a subscription without types covers: every reminder, not the weekly digest (asked for by name). */
export const DEFAULT_REMINDER_TYPES: readonly ReminderType[] = REMINDER_TYPES.filter((t) => t !== 'digest');

/** What each reminder type covers, for help and lists. */
export const REMINDER_TYPE_LABELS: Readonly<Record<ReminderType, Localized>> = {
  renewal: {
    en: 'manual renewal due, automatic renewal failed, suspended service to be deleted, service deleted for want of renewal',
    fr: 'renouvellement manuel à faire, échec du renouvellement automatique, service suspendu bientôt supprimé, service supprimé faute de renouvellement',
  },
  termination: { en: 'termination at expiry, service deleted', fr: 'résiliation à l’échéance, service supprimé' },
  credit: { en: 'cloud credit expiring, consumption charged', fr: 'crédit cloud qui expire, consommation facturée' },
  voucher: { en: 'voucher expiring', fr: 'bon d’achat qui expire' },
  order: { en: 'purchase order unpaid', fr: 'bon de commande impayé' },
  contact: { en: 'contact-change request waiting', fr: 'demande de changement de contact en attente' },
  digest: {
    en: 'once a week (GUICHET_DIGEST), the account’s overview when something needs someone; only when asked for by name',
    fr: 'une fois par semaine (GUICHET_DIGEST), la vue d’ensemble du compte quand quelque chose attend quelqu’un ; seulement si demandé par son nom',
  },
};

/**
 * Days before (or after) the event at which each reminder is sent, by threshold set: before expiry (`renewal`,
 * `termination`, `credit`, `voucher`), before the deletion of a suspended service (`grace`), after an order was placed
 * (`order-unpaid`) and before it is cancelled unpaid (`order-cancel`), after a contact change was asked (`contact-request`).
 */
export const DEFAULT_REMINDER_DAYS: Readonly<Record<string, readonly number[]>> = {
  renewal: [30, 14, 7, 3, 1],
  termination: [7, 1],
  credit: [30, 7],
  voucher: [14, 3],
  grace: [7, 1],
  'order-unpaid': [1, 3],
  'order-cancel': [1],
  'contact-request': [2],
};

/** A channel's subscription to the reminders of one account. */
export const ReminderSubscription = z.object({
  account: z.string(),
  /** Channel address such as `slack:T123/C456`, `discord:GUILD/CHANNEL`, `console:local/general`. */
  channel: z.string().min(3),
  types: z.array(z.enum(REMINDER_TYPES)).min(1),
  by: z.string(),
  at: Instant,
});
/** A channel's subscription to the reminders of one account. */
export type ReminderSubscription = z.infer<typeof ReminderSubscription>;

/** Proof that one reminder reached one target (a channel, or an account's service mails). */
export const ReminderMark = z.object({
  reminder: z.string(),
  target: z.string(),
  at: Instant,
});
/** Proof that one reminder reached one target. */
export type ReminderMark = z.infer<typeof ReminderMark>;

/** Parses reminder types typed by a user; undefined entries are the unknown words. */
export function parseReminderTypes(words: readonly string[]): { types: ReminderType[]; unknown: string[] } {
  const types: ReminderType[] = [];
  const unknown: string[] = [];
  for (const w of words.map((x) => x.toLowerCase().replace(/,$/, '')).filter(Boolean)) {
    const t = REMINDER_TYPES.find((r) => r === w || `${r}s` === w);
    if (t) types.push(t);
    else unknown.push(w);
  }
  return { types: [...new Set(types)], unknown };
}
