import type { types, webApi } from '@slack/bolt';
import type { Guichet } from '../../src/core/guichet.js';
import type { Locale } from '../../src/core/i18n.js';
import type { ChatUser } from '../../src/core/identity.js';
import { homeOpened, homeWatchers, recordHomeOpened } from '../../src/core/app-home.js';
import type { Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/ports/logger.js';
import { renderButton, renderSection, escapeMrkdwn } from './slack.render.js';
import { slackFailure } from './slack.notifier.js';

type Block = types.KnownBlock;

/** Slack's limits on a Home tab view (Block Kit reference). */
export const HOME_LIMITS = { blocks: 100, text: 3000, header: 150, buttonsPerBlock: 25 } as const;
/** How long the Home waits after a change before publishing, so a burst of changes publishes once. */
export const HOME_DEBOUNCE_MS = 5_000;

/** A Home tab view as `views.publish` takes it. */
export interface HomeView {
  readonly type: 'home';
  readonly callback_id: string;
  readonly blocks: Block[];
}

const clip = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

const MORE = (n: number, locale: Locale) =>
  locale === 'fr' ? `…et ${n} de plus : tapez /account overview pour tout voir.` : `…and ${n} more: type /account overview to see everything.`;

/**
 * The reply as a Home tab view within Slack's limits: at most 100 blocks (the rest folded into an "…and N more"
 * line, buttons kept), every text at most 3,000 characters, each button once.
 */
export function homeView(r: Reply): HomeView {
  const locale = r.locale ?? 'en';
  const content: Block[] = [];
  if (r.title) content.push({ type: 'header', text: { type: 'plain_text', text: clip(r.title, HOME_LIMITS.header), emoji: true } });
  content.push(...r.sections.flatMap(renderSection));
  const seen = new Set<string>();
  const buttons = (r.actions ?? []).filter((a) => !seen.has(a.id) && seen.add(a.id)).map(renderButton);
  const tail: Block[] = [];
  // Two rows of buttons at most (50); the overview's own order puts the most urgent first.
  for (let i = 0; i < Math.min(buttons.length, 2 * HOME_LIMITS.buttonsPerBlock); i += HOME_LIMITS.buttonsPerBlock) {
    tail.push({ type: 'actions', elements: buttons.slice(i, i + HOME_LIMITS.buttonsPerBlock) });
  }
  const footer = [r.code, r.ref].filter(Boolean).join(' · ');
  if (footer) tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(footer) }] });
  const room = HOME_LIMITS.blocks - tail.length;
  let body = content;
  if (content.length > room) {
    const kept = content.slice(0, room - 1);
    body = [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(MORE(content.length - kept.length, locale)) }] }];
  }
  return { type: 'home', callback_id: 'guichet-home', blocks: [...body, ...tail].map(clipTexts) };
}

/** Clips the texts of a block to the Home's limit (renderSection already splits long text; this is the last guard). */
function clipTexts(block: Block): Block {
  if (block.type === 'section') {
    return { ...block, ...(block.text ? { text: { ...block.text, text: clip(block.text.text, HOME_LIMITS.text) } } : {}), ...(block.fields ? { fields: block.fields.map((f) => ({ ...f, text: clip(f.text, 2000) })) } : {}) };
  }
  return block;
}

/** Timers the Home's debounce uses (injected by tests). */
export interface HomeTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** What the Home needs. */
export interface SlackHomeOptions {
  readonly client: webApi.WebClient;
  readonly core: Guichet;
  readonly teamId: string;
  readonly logger: Logger;
  readonly debounceMs?: number;
  readonly timers?: HomeTimers;
}

/**
 * The app's Home tab: published when a user opens it, then refreshed (debounced per user) after their own
 * commands and after job runs that change their account. Who opened it is kept on their link in the store, so
 * the process that runs the jobs refreshes it whichever process received the event; unlinked users (nothing a
 * job can change) are remembered by this process only, for the refresh after their own commands.
 */
export class SlackHome {
  readonly #pending = new Map<string, unknown>();
  readonly #openedHere = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  readonly #timers: HomeTimers;
  #stopped = false;

  /** Binds the Home to a workspace's client and the core. */
  constructor(private readonly options: SlackHomeOptions) {
    this.#timers = options.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };
  }

  #user(user: string): ChatUser {
    return { platform: 'slack', workspace: this.options.teamId, user };
  }

  /** `app_home_opened` on the Home tab: remembers the user and publishes their Home now (a pending refresh is folded in). */
  async opened(user: string): Promise<void> {
    this.#openedHere.add(user);
    await recordHomeOpened(this.options.core.deps.store, this.#user(user), this.options.core.deps.clock.now()).catch((error: unknown) => {
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'home opening not recorded');
    });
    const pending = this.#pending.get(user);
    if (pending !== undefined) this.#timers.clear(pending);
    this.#pending.delete(user);
    await this.#track(this.publish(user));
  }

  /** After a command of the user that may change their account: refreshes their Home if they opened it. */
  async afterCommand(user: string): Promise<void> {
    if (this.#openedHere.has(user) || (await homeOpened(this.options.core.deps.store, this.#user(user)).catch(() => false))) this.#schedule(user);
  }

  /** After a job run: refreshes the Home of this workspace's users linked to the accounts it changed who opened it. */
  async accountsChanged(accounts: readonly string[]): Promise<void> {
    const prefix = `slack:${this.options.teamId}/`;
    const watchers = await homeWatchers(this.options.core.deps.store, accounts, 'slack').catch((error: unknown) => {
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'home watchers not read');
      return [] as string[];
    });
    for (const key of watchers) if (key.startsWith(prefix)) this.#schedule(key.slice(prefix.length));
  }

  #schedule(user: string): void {
    if (this.#stopped || this.#pending.has(user)) return;
    const handle = this.#timers.set(() => {
      this.#pending.delete(user);
      void this.#track(this.publish(user));
    }, this.options.debounceMs ?? HOME_DEBOUNCE_MS);
    this.#pending.set(user, handle);
  }

  /** Publishes the user's Home now: the overview of their linked account, or how to get linked. */
  async publish(user: string): Promise<void> {
    try {
      const view = homeView(await this.options.core.overviewFor(this.#user(user)));
      await this.options.client.views.publish({ user_id: user, view });
    } catch (error) {
      this.options.logger.warn({ user, reason: slackFailure(error) }, 'home not published');
    }
  }

  async #track(work: Promise<void>): Promise<void> {
    this.#running.add(work);
    try {
      await work;
    } finally {
      this.#running.delete(work);
    }
  }

  /** Cancels pending refreshes and waits for publications under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const handle of this.#pending.values()) this.#timers.clear(handle);
    this.#pending.clear();
    await Promise.allSettled([...this.#running]);
  }
}
