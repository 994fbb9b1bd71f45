import type { CoreConfig } from '../core/config.js';
import type { Locale, Localized } from '../core/i18n.js';
import { splitPersonal, text, type Reply } from '../core/reply.js';
import { DEFAULT_DIGEST, digestSlotAtOrBefore, isoWeekOf, nextDigestSlot } from '../domain/digest.js';
import type { DueEntry, Tx } from '../ports/store.js';
import { addEntry } from '../flows/schedule.js';
import type { ReminderSource } from './job-registry.js';
import { DIGEST_CHARTS_MAX, digestCharts, type DigestCharts } from './digest-charts.js';

/** The kind of the due entry that posts an account's weekly digest (ref: the account). */
export const DIGEST_KIND = 'digest';

/** The schedule owner of an account's digest entry. */
export const digestOwner = (account: string) => `digest:${account}`;

const PUBLIC_NOTE: Localized = {
  en: 'Personal details stay out of channels; the buttons work for this account’s members only. Type /account overview for your own view.',
  fr: 'Les données personnelles restent hors des canaux ; les boutons ne servent qu’aux membres de ce compte. Tapez /account overview pour votre propre vue.',
};

/**
 * The digest as posted to a channel, from the overview the core builds for jobs (no chat user, so no button that
 * stands for a token): personal sections and fields left out, the week in the title, a line saying where to act.
 */
export function digestReply(overview: Reply, account: string, week: string, locale: Locale, charts?: DigestCharts): Reply {
  const { aside: _private, ...full } = overview;
  const sections = splitPersonal(full.sections).shown;
  const files = charts?.files ?? [];
  const more = files.length && charts?.omitted ? [text(moreCharts(charts.omitted)[locale])] : [];
  return {
    ...full, visibility: 'public', locale, title: digestTitle(account, week)[locale], sections: [...sections, ...more, text(PUBLIC_NOTE[locale])],
    ...(files.length ? { files } : {}),
  };
}

/** Said when the account has more Public Cloud projects than the digest charts. */
function moreCharts(omitted: number): Localized {
  return {
    en: `At most ${DIGEST_CHARTS_MAX} credit charts here: ${omitted} more Public Cloud project(s) not charted; /credit chart PROJECT draws one.`,
    fr: `${DIGEST_CHARTS_MAX} graphiques de crédit au plus ici : ${omitted} autre(s) projet(s) Public Cloud sans graphique ; /credit chart PROJET en dessine un.`,
  };
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
 * account's overview (the core's, read outside the unit of work once the claim is taken), with the credit charts of
 * its Public Cloud projects (`digestCharts`), goes to the channels
 * subscribed to its digest, once per ISO week and channel (the reminder id carries the week, the runner's marks and
 * claims do the rest). A week where nothing needs anyone is skipped; an entry whose time is not a slot (the
 * schedule changed) waits for the next slot; no subscriber drops it.
 */
export const digestSource: ReminderSource = {
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
    const overviews = ctx.overviews;
    if (!overviews || !(await tx.accounts.get(account))) return { kind: 'wait', at: next };
    const week = isoWeekOf(slot, tz);
    const charts = digestCharts(ctx.charts, account, tz);
    return {
      kind: 'send',
      id: `digest:${account}:${week}`,
      accounts: [account],
      message: {
        subject: digestTitle(account, week),
        body: { en: `The overview of ${account}.`, fr: `La vue d’ensemble de ${account}.` },
      },
      view: async (locale: Locale) => {
        const o = await overviews(account, locale);
        return o?.needsAnyone ? digestReply(o.reply, account, week, locale, await charts(locale)) : undefined;
      },
      mail: false,
      next,
      label: `digest ${account} ${week}`,
    };
  },
  /** The slots between `from` and `to`, when a channel gets the account's digest (posted only if something needs someone). */
  async preview(tx, account, from, to, ctx) {
    if (!(await tx.reminders.subscriptions(account)).some((s) => s.types.includes('digest'))) return [];
    const schedule = ctx.config.digest ?? DEFAULT_DIGEST;
    const items = [];
    for (let at = nextDigestSlot(new Date(from.getTime() - 1), schedule, ctx.config.timeZone); at <= to; at = nextDigestSlot(at, schedule, ctx.config.timeZone)) {
      const week = isoWeekOf(at, ctx.config.timeZone);
      items.push({
        at: at.toISOString(),
        type: 'digest' as const,
        what: { en: `Weekly digest of ${account} (${week}), if something needs someone`, fr: `Résumé hebdomadaire de ${account} (${week}), si quelque chose attend quelqu’un` },
      });
    }
    return items;
  },
};
