import { z } from 'zod';
import { DiscordAdapter } from '../../adapters/discord/discord.adapter.js';
import type { StorageEngine } from '../../adapters/store/engine.js';
import type { BudgetTimers } from '../../adapters/reply-budget.js';
import { buildRegistry } from '../../src/commands/index.js';
import { positional } from '../../src/core/args.js';
import { defineCommand, type CommandFamily } from '../../src/core/command.js';
import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import { Guichet } from '../../src/core/guichet.js';
import { parseChatUser } from '../../src/core/identity.js';
import { CommandRegistry } from '../../src/core/registry.js';
import { reply, text } from '../../src/core/reply.js';
import { NotifierRouter } from '../../src/ports/notifier.js';
import { buildJobRunner } from '../../src/jobs/index.js';
import { AccountId } from '../../src/domain/account.js';
import { buttonClick, chatInput, type RawOption } from './discord-interactions.js';
import { FAKE_APP_ID, FakeDiscord, type RecordedRequest } from './fake-discord.js';
import { makeHarness, wireJobViews, type Harness, type HarnessOptions } from './harness.js';

/** The secret the test-only `/notice send` command sends privately. */
export const NOTICE_SECRET = 'TOKEN-7QX4ZK9M';
/** Snowflakes of the test guild and users. */
export const IDS = { guild: '600000000000000001', operator: '900000000000000009', alice: '110000000000000001', bob: '120000000000000002', dave: '140000000000000004', daveClosed: '150000000000000005', stranger: '190000000000000009' };

/**
 * A test-only family that exercises what the families on their way will use (private notices with a token,
 * buttons, service autocomplete), so the Discord adapter is tested through the generic registry.
 */
export const noticeFamily: CommandFamily = {
  name: 'notice',
  summary: { en: 'Test notices', fr: 'Avis de test' },
  commands: [
    defineCommand({
      name: 'send',
      summary: { en: 'Send a private notice with a token', fr: 'Envoyer un avis privé avec un code' },
      args: z.object({ account: positional(AccountId, { placeholder: 'ACCOUNT', complete: 'account', description: { en: 'the account', fr: 'le compte' } }) }),
      access: 'linked',
      async run(ctx, args) {
        const out = await ctx.notify(args.account, { subject: { en: 'Confirmation code', fr: 'Code de confirmation' }, body: { en: 'Your code: {secret}', fr: 'Votre code : {secret}' }, secret: NOTICE_SECRET });
        ctx.audit('notice.send', args.account);
        return reply([text(`Sent to ${out.recipients} chat user(s) of ${args.account}.`)], { tone: 'success' });
      },
    }),
    defineCommand({
      name: 'offer',
      summary: { en: 'Offer a button that sends a notice to bob-ovh', fr: 'Proposer un bouton qui envoie un avis à bob-ovh' },
      args: z.object({}),
      access: 'linked',
      async run(ctx) {
        const action = ctx.offer({ label: { en: 'Notify bob-ovh', fr: 'Prévenir bob-ovh' }, command: 'notice send bob-ovh', style: 'danger', confirm: { title: { en: 'Sure?', fr: 'Sûr ?' }, text: { en: 'This sends a code to bob-ovh.', fr: 'Cela envoie un code à bob-ovh.' } } });
        return reply([text('Click to notify bob-ovh.')], { actions: [action] });
      },
    }),
    defineCommand({
      name: 'about',
      summary: { en: 'Name a service', fr: 'Nommer un service' },
      args: z.object({ service: positional(z.string(), { placeholder: 'SERVICE', complete: 'service', description: { en: 'a service', fr: 'un service' } }) }),
      access: 'linked',
      async run(_ctx, args) {
        return reply([text(`About ${args.service}.`)]);
      },
    }),
  ],
};

/** A fake Discord, a real discord.js adapter logged into it, and a core over a harness store. */
export interface DiscordSetup {
  readonly fake: FakeDiscord;
  readonly adapter: DiscordAdapter;
  readonly core: Guichet;
  readonly h: Harness;
  /** Links Discord users of the test guild to accounts, directly in the store. */
  link(links: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** The registry the Discord tests use: every real family plus the test-only `/notice`. */
export function testRegistry(): CommandRegistry {
  const real = buildRegistry();
  return new CommandRegistry([...real.families, noticeFamily], real.texts, real.views);
}

/** What `startDiscord` may change: `wrap` slows or gates the store; `replyTimers` and `now` drive the reply budget. */
export interface DiscordSetupOptions {
  readonly wrap?: (e: StorageEngine) => StorageEngine;
  readonly fake?: FakeDiscord;
  readonly provider?: HarnessOptions['provider'];
  readonly demo?: HarnessOptions['demo'];
  readonly replyTimers?: BudgetTimers;
  readonly now?: () => number;
}

/** Starts everything. */
export async function startDiscord(options: DiscordSetupOptions = {}): Promise<DiscordSetup> {
  const operators = [...DEFAULT_CORE_CONFIG.operators, parseChatUser(`discord:${IDS.operator}`)!];
  const h = await makeHarness({ config: { operators }, ...(options.wrap ? { wrap: options.wrap } : {}), ...(options.provider ? { provider: options.provider } : {}), ...(options.demo !== undefined ? { demo: options.demo } : {}) });
  const fake = options.fake ?? (await FakeDiscord.start({ heartbeatMs: 250 }));
  const notifier = new NotifierRouter();
  // The scheduled jobs post through the same router, so `/guichet admin run-jobs` reaches Discord channels.
  const jobs = buildJobRunner({ store: h.uow, notifier, config: h.core.deps.config, logger: h.logs });
  const core = new Guichet({ ...h.core.deps, registry: testRegistry(), notifier, jobs });
  wireJobViews(jobs, core);
  const adapter = new DiscordAdapter({
    token: 'test-bot-token', core, logger: h.logs, apiUrl: fake.apiUrl,
    ...(options.replyTimers ? { replyTimers: options.replyTimers } : {}), ...(options.now ? { now: options.now } : {}),
  });
  notifier.register(adapter.notifier);
  await adapter.start();
  return {
    fake, adapter, core, h,
    link: (links) => h.uow.run(async (tx) => {
      for (const [user, account] of Object.entries(links)) {
        await tx.links.put({ chatUser: `discord:${IDS.guild}/${user}`, account, linkedBy: 'test', linkedAt: new Date(0).toISOString() });
      }
      return { commit: true, result: undefined };
    }),
    close: async () => {
      await adapter.stop();
      if (!options.fake) await fake.close();
      await h.close();
    },
  };
}

/** Everything an embed message shows, as one text (title, descriptions, fields, footers). */
export function messageText(body: any): string {
  const out: string[] = [];
  for (const e of body?.embeds ?? []) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(`${f.name}: ${f.value}`);
    if (e.footer?.text) out.push(e.footer.text);
  }
  return out.join('\n');
}

/** A place in the test guild's general channel. */
export const inGuild = (user: string, locale = 'en-US') => ({ user, guild: IDS.guild, channel: '700000000000000001', locale });
/** Matches the bot's editReply of an interaction token. */
export const isEdit = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${FAKE_APP_ID}/${token}/messages/@original`;
/** Matches the bot's interaction callback (the reply at once, a deferral, an autocomplete result). */
export const isCallback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

/**
 * Dispatches a chat-input interaction in the test guild and waits for its reply: the callback that carried it, or
 * the deferral and the edit (`edit`, undefined when the reply came at once); `message` and `files` are the reply's.
 */
export async function runCommand(s: DiscordSetup, user: string, path: string, options: RawOption[] = [], locale?: string) {
  const i = chatInput(inGuild(user, locale), path, options);
  s.fake.dispatch('INTERACTION_CREATE', i);
  const answer = await s.fake.answerTo(i);
  return { i, ...answer, text: messageText(answer.message) };
}

/**
 * Dispatches a click on a button (its custom ID) in the test guild and waits for its reply, wherever it came (the
 * callback, or the deferral's edit), as `runCommand` does.
 */
export async function runClick(s: DiscordSetup, user: string, customId: string) {
  const i = buttonClick(inGuild(user), customId);
  s.fake.dispatch('INTERACTION_CREATE', i);
  const answer = await s.fake.answerTo(i);
  return { i, ...answer, text: messageText(answer.message) };
}
