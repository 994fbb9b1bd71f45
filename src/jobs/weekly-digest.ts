import type { CoreConfig } from '../core/config.js';
import type { Locale, Localized } from '../core/i18n.js';
import { text, type Reply } from '../core/reply.js';
import { DEFAULT_DIGEST, digestSlotAtOrBefore, isoWeekOf, nextDigestSlot } from '../domain/digest.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { addEntry } from '../flows/schedule.js';
import type { JobContext, ReminderSource } from './job-registry.js';
import { needsAnyone, overviewReply, type AccountOverview } from './overview-standin.js';

/** The kind of the due entry that posts an account's weekly digest (ref: the account). */
export const DIGEST_KIND = 'digest';

/** The schedule owner of an account's digest entry. */
export const digestOwner = (account: string) => `digest:${account}`;

/** Builds an account's overview inside a job's unit of work (no chat user); undefined when the account is gone. */
export type OverviewBuilder = (tx: Tx, account: string, ctx: JobContext) => Promise<AccountOverview | undefined>;

const PUBLIC_NOTE: Localized = {
  en: 'Buttons and personal details stay out of channels: type /account overview to act.',
  fr: 'Les boutons et les données personnelles restent hors des canaux : tapez /account overview pour agir.',
};

/**
 * The digest as posted to a channel: the overview without buttons (a token or a payment is never a click in a
 * public channel) and without personal sections, with a line saying where to act.
 */
export function digestReply(overview: AccountOverview, week: string, locale: Locale): Reply {
  const { aside: _private, actions: _buttons, ...full } = overviewReply(overview, locale);
  const sections = full.sections
    .filter((s) => !s.personal)
    .map((s) => (s.kind === 'fields' ? { ...s, fields: s.fields.filter((f) => !f.personal) } : s));
  // Issue 16 item 5: the credit chart (an image of the projects' balances) joins the digest here, as an attachment.
  return { ...full, visibility: 'public', title: digestTitle(overview.account, week)[locale], sections: [...sections, text(PUBLIC_NOTE[locale])] };
}

/** The title of a digest post. */
export function digestTitle(account: string, week: string): Localized {
  return { en: `Weekly digest of ${account} (${week})`, fr: `Résumé hebdomadaire de ${account} (${week})` };
}

/**
 * Schedules the account's digest entry at the next slot, in the caller's unit of work, unless it has one already
 * (one entry per account posts to every channel subscribed to its digest).
 */
export async function scheduleDigest(tx: Tx, account: string, now: Date, config: CoreConfig): Promise<void> {
  if ((await tx.schedules.get(digestOwner(account))).length > 0) return;
  const at = nextDigestSlot(now, config.digest ?? DEFAULT_DIGEST, config.timeZone);
  await addEntry(tx, digestOwner(account), { at: at.toISOString(), kind: DIGEST_KIND, ref: account });
}

/**
 * The weekly digest (`/reminders subscribe digest`): at each slot of `GUICHET_DIGEST` (in `GUICHET_TZ`) the
 * account's overview goes to the channels subscribed to its digest, once per ISO week and channel (the reminder
 * id carries the week, the runner's marks and claims do the rest). A week where nothing needs anyone is skipped;
 * an entry whose time is not a slot (the schedule changed) waits for the next slot; no subscriber drops it.
 */
export function digestSource(build: OverviewBuilder): ReminderSource {
  return {
    type: 'digest',
    ownerOf: (e: DueEntry) => digestOwner(e.ref),
    async compose(tx, entry, ctx) {
      const account = entry.ref;
      const subs = (await tx.reminders.subscriptions(account)).filter((s) => s.types.includes('digest'));
      if (subs.length === 0) return { kind: 'drop' };
      const schedule = ctx.config.digest ?? DEFAULT_DIGEST;
      const tz = ctx.config.timeZone;
      const slot = digestSlotAtOrBefore(ctx.now, schedule, tz);
      const next = nextDigestSlot(ctx.now, schedule, tz).toISOString();
      if (new Date(entry.at) > slot) return { kind: 'wait', at: next };
      const overview = await build(tx, account, ctx);
      if (!overview) return { kind: 'drop' };
      if (!needsAnyone(overview)) return { kind: 'wait', at: next };
      const week = isoWeekOf(slot, tz);
      return {
        kind: 'send',
        id: `digest:${account}:${week}`,
        accounts: [account],
        message: {
          subject: digestTitle(account, week),
          body: { en: `The overview of ${account}.`, fr: `La vue d’ensemble de ${account}.` },
        },
        post: (locale) => digestReply(overview, week, locale),
        mail: false,
        next,
        label: `digest ${account} ${week}`,
      };
    },
  };
}
