import { z } from 'zod';
import { option, rest } from '../core/args.js';
import { defineCommand, type CommandContext, type CommandFamily } from '../core/command.js';
import { formatDateTime } from '../core/i18n.js';
import { isRefusal, refuse, reply, table, text, type Refusal } from '../core/reply.js';
import { DEFAULT_REMINDER_TYPES, parseReminderTypes, REMINDER_TYPE_LABELS, REMINDER_TYPES, type ReminderType } from '../domain/reminders.js';
import { formatDigestSchedule, DEFAULT_DIGEST } from '../domain/digest.js';
import { scheduleDigest } from '../jobs/weekly-digest.js';
import { DAY_MS } from '../domain/time.js';
import { JOBS } from '../jobs/index.js';
import { isPreviewCursor, previewPage, previewReminders } from '../jobs/reminder-preview.js';

const typesArg = () =>
  rest(z.string().max(300).optional(), {
    placeholder: 'TYPES',
    description: {
      en: `reminder types: ${REMINDER_TYPES.join(', ')} (all but digest when left out; digest is the weekly overview)`,
      fr: `types de rappels : ${REMINDER_TYPES.join(', ')} (tous sauf digest si omis ; digest est la vue d’ensemble hebdomadaire)`,
    },
  });

/** The channel the command was typed in, or a refusal when the platform gave none. */
function channelOf(ctx: CommandContext): string | Refusal {
  const channel = ctx.invocation.channel;
  if (channel) return channel;
  return refuse('REMINDERS.NO_CHANNEL', { en: 'Type this command in the channel that should receive the reminders.', fr: 'Tapez cette commande dans le canal qui doit recevoir les rappels.' });
}

function typesOf(typed: string | undefined): ReminderType[] | Refusal {
  if (!typed) return [...DEFAULT_REMINDER_TYPES];
  const { types, unknown } = parseReminderTypes(typed.split(/[\s,]+/));
  if (unknown.length) {
    return refuse('REMINDERS.UNKNOWN_TYPE', { en: `Unknown reminder type ${unknown.join(', ')}. Types: ${REMINDER_TYPES.join(', ')}.`, fr: `Type de rappel inconnu : ${unknown.join(', ')}. Types : ${REMINDER_TYPES.join(', ')}.` });
  }
  return types;
}

/** What subscribe and unsubscribe act on: this channel, the types asked, the caller's account and its subscription. */
async function targetOf(ctx: CommandContext, typed: string | undefined) {
  const channel = channelOf(ctx);
  if (typeof channel !== 'string') return channel;
  const types = typesOf(typed);
  if (!Array.isArray(types)) return types;
  const account = ctx.account!.id;
  return { channel, types, account, before: await ctx.tx.reminders.subscription(account, channel) };
}

const subscribe = defineCommand({
  name: 'subscribe',
  summary: { en: 'Post your account’s reminders in this channel', fr: 'Publier les rappels de votre compte dans ce canal' },
  args: z.object({ types: typesArg() }),
  access: 'linked',
  examples: ['subscribe', 'subscribe renewal termination', 'subscribe digest'],
  async run(ctx, args) {
    const target = await targetOf(ctx, args.types);
    if (isRefusal(target)) return target;
    const { channel, types, account, before } = target;
    const merged = REMINDER_TYPES.filter((t) => types.includes(t) || before?.types.includes(t));
    if (before && merged.length === before.types.length) {
      return reply([text(ctx.t({ en: `This channel already gets ${merged.join(', ')} reminders for ${account}.`, fr: `Ce canal reçoit déjà les rappels ${merged.join(', ')} de ${account}.` }))]);
    }
    ctx.tx.reminders.subscribe({ account, channel, types: merged, by: ctx.chatUser, at: ctx.now.toISOString() });
    if (merged.includes('digest')) await scheduleDigest(ctx.tx, account, ctx.now, ctx.config);
    ctx.audit('reminders.subscribe', channel, { types: merged });
    const when = formatDigestSchedule(ctx.config.digest ?? DEFAULT_DIGEST);
    return reply([text(ctx.t({
      en: `${channel} will get ${account}’s reminders: ${merged.join(', ')}. See what is coming with /reminders preview.`,
      fr: `${channel} recevra les rappels de ${account} : ${merged.join(', ')}. Voyez ce qui arrive avec /reminders preview.`,
    })), ...(types.includes('digest') ? [text(ctx.t({
      en: `The weekly digest is posted on ${when} (${ctx.config.timeZone}) when something needs someone.`,
      fr: `Le résumé hebdomadaire est publié le ${when} (${ctx.config.timeZone}) quand quelque chose attend quelqu’un.`,
    }))] : [])], { tone: 'success' });
  },
});

const unsubscribe = defineCommand({
  name: 'unsubscribe',
  summary: { en: 'Stop your account’s reminders in this channel', fr: 'Arrêter les rappels de votre compte dans ce canal' },
  args: z.object({ types: typesArg() }),
  access: 'linked',
  examples: ['unsubscribe', 'unsubscribe termination'],
  async run(ctx, args) {
    const target = await targetOf(ctx, args.types);
    if (isRefusal(target)) return target;
    const { channel, types, account, before } = target;
    if (!before) return reply([text(ctx.t({ en: `This channel gets no reminder for ${account}.`, fr: `Ce canal ne reçoit aucun rappel pour ${account}.` }))]);
    const left = before.types.filter((t) => !types.includes(t));
    if (left.length === before.types.length) return reply([text(ctx.t({ en: `This channel was not getting those reminders. Nothing changed.`, fr: `Ce canal ne recevait pas ces rappels. Rien n’a changé.` }))]);
    if (left.length === 0) ctx.tx.reminders.unsubscribe(account, channel);
    else ctx.tx.reminders.subscribe({ ...before, types: left });
    ctx.audit('reminders.unsubscribe', channel, { types: left });
    return reply([text(left.length
      ? ctx.t({ en: `${channel} now gets only: ${left.join(', ')}.`, fr: `${channel} ne reçoit plus que : ${left.join(', ')}.` })
      : ctx.t({ en: `${channel} gets no more reminders for ${account}.`, fr: `${channel} ne reçoit plus de rappels pour ${account}.` }))], { tone: 'success' });
  },
});

const list = defineCommand({
  name: 'list',
  readOnly: true,
  summary: { en: 'The reminders this channel (and your other channels) get', fr: 'Les rappels que reçoit ce canal (et vos autres canaux)' },
  args: z.object({}),
  access: 'linked',
  async run(ctx) {
    const subs = await ctx.tx.reminders.subscriptions(ctx.account!.id);
    const here = ctx.invocation.channel;
    const types = table([ctx.t({ en: 'Type', fr: 'Type' }), ctx.t({ en: 'Covers', fr: 'Couvre' })], REMINDER_TYPES.map((t) => [t, ctx.t(REMINDER_TYPE_LABELS[t])]));
    if (subs.length === 0) {
      return reply([text(ctx.t({ en: 'No channel gets your account’s reminders. Type /reminders subscribe in a channel.', fr: 'Aucun canal ne reçoit les rappels de votre compte. Tapez /reminders subscribe dans un canal.' })), types]);
    }
    return reply([
      table([ctx.t({ en: 'Channel', fr: 'Canal' }), ctx.t({ en: 'Types', fr: 'Types' })], subs.map((s) => [`${s.channel}${s.channel === here ? ' ←' : ''}`, s.types.join(', ')])),
      types,
    ], { title: ctx.t({ en: `Reminders of ${ctx.account!.id}`, fr: `Rappels de ${ctx.account!.id}` }) });
  },
});

const preview = defineCommand({
  name: 'preview',
  readOnly: true,
  summary: { en: 'The reminders due for your account in the next 30 days', fr: 'Les rappels prévus pour votre compte dans les 30 prochains jours' },
  args: z.object({
    after: option(z.string().trim().max(40).optional(), {
      placeholder: 'CURSOR',
      description: { en: 'continue the list (given at the end of a page)', fr: 'continuer la liste (indiqué en fin de page)' },
    }),
  }),
  access: 'linked',
  async run(ctx, args) {
    const after = args.after || undefined;
    if (after && !isPreviewCursor(after)) {
      return refuse('REMINDERS.BAD_CURSOR', {
        en: `after=${after.slice(0, 40)} is not a cursor of this list. Type /reminders preview for the first page, then the after=… it prints.`,
        fr: `after=${after.slice(0, 40)} n’est pas un curseur de cette liste. Tapez /reminders preview pour la première page, puis le after=… indiqué.`,
      });
    }
    const account = ctx.account!.id;
    const to = new Date(ctx.now.getTime() + 30 * DAY_MS);
    const here = ctx.invocation.channel ? await ctx.tx.reminders.subscription(account, ctx.invocation.channel) : undefined;
    const all = await previewReminders(ctx.tx, JOBS, account, ctx.now, to, { now: ctx.now, config: ctx.config });
    const page = previewPage(all, after);
    if (page.items.length === 0) {
      return reply([text(ctx.t(after
        ? { en: 'No more reminders in the next 30 days.', fr: 'Plus aucun rappel dans les 30 prochains jours.' }
        : { en: 'No reminder is due in the next 30 days.', fr: 'Aucun rappel prévu dans les 30 prochains jours.' }))]);
    }
    const yes = ctx.t({ en: 'yes', fr: 'oui' });
    const no = ctx.t({ en: 'no', fr: 'non' });
    const sections = [
      table(
        [ctx.t({ en: 'When', fr: 'Quand' }), ctx.t({ en: 'Type', fr: 'Type' }), ctx.t({ en: 'Reminder', fr: 'Rappel' }), ctx.t({ en: 'Posted here', fr: 'Publié ici' })],
        page.items.map((i) => [formatDateTime(new Date(i.at), ctx.locale, ctx.config.timeZone), i.type, ctx.t(i.what), here?.types.includes(i.type) ? yes : no]),
      ),
    ];
    if (page.next) sections.push(text(ctx.t({ en: `More: /reminders preview after=${page.next}`, fr: `Suite : /reminders preview after=${page.next}` })));
    return reply(sections, { title: ctx.t({ en: 'Reminders in the next 30 days', fr: 'Rappels des 30 prochains jours' }) });
  },
});

/** `/reminders`: which reminders a channel gets, and what is coming. */
export const remindersFamily: CommandFamily = {
  name: 'reminders',
  summary: { en: 'Reminders posted in this channel: subscribe, unsubscribe, list, preview', fr: 'Rappels publiés dans ce canal : abonnement, désabonnement, liste, aperçu' },
  commands: [subscribe, unsubscribe, list, preview],
};
