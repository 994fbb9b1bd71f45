import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { asideReply, type Reply } from '../../src/core/reply.js';
import { nodeTimers, ReplyBudget, type BudgetTimers } from '../reply-budget.js';
import { attachmentsOf, renderReply } from './discord.render.js';

/**
 * How long a slash command or a button click may wait for its reply to be the interaction's one callback (Discord
 * allows 3 s, network included); past it, the interaction is deferred and the reply edited in when ready.
 */
export const DISCORD_REPLY_BUDGET_MS = 1_500;

/** The budget's timers and clock (Node's and `Date.now` unless tests inject theirs). */
export interface ReplyTiming {
  readonly timers?: BudgetTimers;
  readonly now?: () => number;
}

/** A reply's message as Discord takes it, with its files as attachments. */
function messageOf(reply: Reply) {
  const rendered = renderReply(reply);
  return reply.files?.length ? { ...rendered, ...attachmentsOf(reply, rendered) } : rendered;
}

/** An interaction Guichet answers with a reply of the core: a slash command, or a click on one of its buttons. */
export type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction;

/**
 * Runs `work` and answers a slash command or a button click with its reply, as a new message (a click's never
 * replaces the clicked one): as the interaction's callback when ready within `DISCORD_REPLY_BUDGET_MS` (one request
 * to Discord), else deferred at the budget (private unless `isPublic`) and edited in when ready. Once deferred,
 * always edited: a reply ready after the budget by the clock, its timer not run yet, is deferred then. A failed
 * callback (40060: another process answered) throws, and nothing is edited.
 */
export async function answerInTime(i: AnsweredInteraction, isPublic: boolean, work: () => Promise<Reply>, timing: ReplyTiming = {}): Promise<void> {
  const defer = async (): Promise<void> => { await i.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral }); };
  const budget = new ReplyBudget(defer, timing.timers ?? nodeTimers, DISCORD_REPLY_BUDGET_MS, timing.now);
  const reply = await work();
  if (!budget.take()) {
    await budget.fellBack;
    return fillDeferred(i, reply, isPublic);
  }
  const message = messageOf(reply);
  // A private reply (a refusal) to a public request goes privately: no public placeholder to take back.
  if (isPublic && reply.visibility === 'private') return void (await i.reply({ ...message, flags: MessageFlags.Ephemeral }));
  await i.reply(isPublic ? message : { ...message, flags: MessageFlags.Ephemeral });
  await followAside(i, reply);
}

/** Fills a deferred reply; a private reply (a refusal) to a public deferral goes privately instead. */
async function fillDeferred(i: AnsweredInteraction, reply: Reply, deferredPublic: boolean): Promise<void> {
  const message = messageOf(reply);
  if (deferredPublic && reply.visibility === 'private') {
    await i.deleteReply();
    await i.followUp({ ...message, flags: MessageFlags.Ephemeral });
    return;
  }
  await i.editReply(message);
  await followAside(i, reply);
}

/** What a public reply keeps aside for the caller (personal details, delivery warnings) follows privately. */
async function followAside(i: AnsweredInteraction, reply: Reply): Promise<void> {
  const aside = asideReply(reply);
  if (aside) await i.followUp({ ...renderReply(aside), flags: MessageFlags.Ephemeral });
}
