import {
  ApplicationCommandOptionType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  REST,
  Routes,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { Guichet } from '../../src/core/guichet.js';
import { toLocale } from '../../src/core/i18n.js';
import type { ChatUser } from '../../src/core/identity.js';
import type { ArgInfo } from '../../src/core/parser.js';
import type { Logger } from '../../src/ports/logger.js';
import type { BudgetTimers } from '../reply-budget.js';
import { buildDiscordCommands, clip, PUBLIC_OPTION, TEXT_OPTION, type DiscordCommandSet } from './discord.commands.js';
import { DiscordNotifier } from './discord.notifier.js';
import { answerInTime, type ReplyTiming } from './discord.reply.js';

/** What the Discord adapter needs. */
export interface DiscordAdapterOptions {
  readonly token: string;
  /** DISCORD_APPLICATION_ID: when given, start checks that the token belongs to this application. */
  readonly applicationId?: string;
  readonly core: Guichet;
  readonly logger: Logger;
  /** Replaces `https://discord.com/api` (tests, proxies); the gateway URL then comes from its `GET /gateway/bot`. */
  readonly apiUrl?: string;
  /** The timers of the reply budget (`DISCORD_REPLY_BUDGET_MS`; tests fire them by hand). */
  readonly replyTimers?: BudgetTimers;
  /** Wall-clock milliseconds, the reply budget's second check (injected by tests). */
  readonly now?: () => number;
}

/** Discord's error code for an interaction that was already answered (by us, or by another process). */
const ALREADY_ACKNOWLEDGED = 40060;
/** How many interaction IDs are remembered to drop duplicate deliveries. */
const SEEN_LIMIT = 10_000;

/** The options a user filled in, under the subcommand (group) they picked. */
export function leafOptions(options: readonly CommandInteractionOption[]): readonly CommandInteractionOption[] {
  const head = options[0];
  if (head && (head.type === ApplicationCommandOptionType.SubcommandGroup || head.type === ApplicationCommandOptionType.Subcommand)) {
    return leafOptions(head.options ?? []);
  }
  return options;
}

/** A Discord value in the form the argument's schema reads (numbers as text for text schemas). */
function valueFor(arg: ArgInfo, value: unknown): unknown {
  if (typeof value !== 'number' || arg.schema.safeParse(value).success) return value;
  return String(value);
}

/** The chat user behind an interaction: (guild, user), or `dm` outside servers. */
export function discordUserOf(i: Interaction): ChatUser {
  return { platform: 'discord', workspace: i.guildId ?? 'dm', user: i.user.id };
}

/**
 * Asks Discord which application the token belongs to, and tells apart, naming the variable: Discord refused the
 * token; Discord could not be reached (the token was not checked); Discord failed; the token is another application's.
 */
export async function checkDiscordToken(options: Pick<DiscordAdapterOptions, 'token' | 'applicationId' | 'apiUrl'>): Promise<void> {
  const api = options.apiUrl ?? 'https://discord.com/api';
  const rest = new REST({ api, retries: 0, timeout: 10_000 }).setToken(options.token);
  let app: { id?: string };
  try {
    app = (await rest.get(Routes.currentApplication())) as { id?: string };
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 401 || error.status === 403)) {
      throw new Error(`Discord refused DISCORD_TOKEN (${error.status} ${error.message}): copy the bot token again (developer portal › your application › Bot › Reset Token).`);
    }
    if (error instanceof DiscordAPIError || error instanceof HTTPError) {
      throw new Error(`Discord answered HTTP ${error.status} while checking DISCORD_TOKEN: try again later.`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Could not reach Discord at ${api} (${why}): DISCORD_TOKEN was not checked. Check the network, or DISCORD_API_URL.`);
  }
  if (options.applicationId && app.id !== options.applicationId) {
    throw new Error(`DISCORD_APPLICATION_ID is ${options.applicationId}, but DISCORD_TOKEN belongs to application ${app.id ?? '(unknown)'}: use the Application ID of the same application (General Information).`);
  }
}

/**
 * Serves Guichet's commands as Discord application commands over the gateway. Posts and DMs go over REST only,
 * so a process that does not hold the gateway connection (see `GatewayLease`) still delivers its notices.
 */
export class DiscordAdapter {
  /** DMs and channel posts over REST; register it with the runtime's NotifierRouter. */
  readonly notifier: DiscordNotifier;
  /** The application commands generated from the core's registry, and the way back to each subcommand. */
  readonly commands: DiscordCommandSet;
  readonly #seen = new Set<string>();
  #client: Client;

  /** Creates the REST client and a gateway client; nothing connects before `start`. */
  constructor(private readonly options: DiscordAdapterOptions) {
    const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
    this.notifier = new DiscordNotifier(rest);
    this.commands = buildDiscordCommands(options.core.deps.registry);
    this.#client = this.#newClient();
  }

  /** The discord.js client of the current (or last) gateway connection. */
  get client(): Client {
    return this.#client;
  }

  /** True while the gateway session is up. */
  get connected(): boolean {
    return this.#client.isReady();
  }

  /** Checks the token (and application) with Discord's REST API, logs in and resolves once the gateway session is ready (a client that was stopped is replaced: discord.js clients do not log in twice). */
  async start(): Promise<void> {
    await checkDiscordToken(this.options);
    if (this.#used) this.#client = this.#newClient();
    this.#used = true;
    const ready = new Promise<void>((resolve) => this.#client.once(Events.ClientReady, () => resolve()));
    await this.#client.login(this.options.token);
    await ready;
    this.options.logger.info({ bot: this.#client.user?.id }, 'connected to Discord');
  }

  #used = false;

  /** Closes the gateway connection. */
  async stop(): Promise<void> {
    await this.#client.destroy();
  }

  #newClient(): Client {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], ...(this.options.apiUrl ? { rest: { api: this.options.apiUrl } } : {}) });
    client.on(Events.InteractionCreate, (i) => void this.#dispatch(i));
    client.on(Events.Error, (e) => this.options.logger.error({ err: e.message }, 'discord client error'));
    return client;
  }

  /** Claims an interaction ID; false when this process already saw it (a redelivered event). */
  #claim(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.values().next().value!);
    return true;
  }

  async #dispatch(i: Interaction): Promise<void> {
    const log = this.options.logger.child({ interaction: i.id, kind: i.type });
    try {
      if (i.isAutocomplete()) return await this.#autocomplete(i);
      if (!this.#claim(i.id)) return log.info({}, 'duplicate interaction ignored');
      if (i.isChatInputCommand()) return await this.#command(i);
      if (i.isButton()) return await this.#button(i);
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED) return log.info({}, 'interaction already answered elsewhere');
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'discord interaction failed');
    }
  }

  #channelOf(i: Interaction): string | undefined {
    return i.channelId ? `discord:${i.guildId ?? 'dm'}/${i.channelId}` : undefined;
  }

  async #command(i: ChatInputCommandInteraction): Promise<void> {
    const group = i.options.getSubcommandGroup(false);
    const sub = i.options.getSubcommand(false) ?? '';
    const umbrella = this.commands.textForm(i.commandName, group, sub);
    if (umbrella) return this.#typed(i, umbrella.name);
    const route = this.commands.route(i.commandName, group, sub);
    const given = leafOptions(i.options.data);
    const ownPublic = route?.options.has(PUBLIC_OPTION) ?? false;
    // Replies that may hold secrets, and commands typed with one, never go public (Discord shows the options typed).
    const secretive = route ? route.spec.privateOnly === true || [...route.options.values()].some((a) => a.meta.secret) : false;
    const isPublic = !ownPublic && !secretive && given.some((o) => o.name === PUBLIC_OPTION && o.value === true);
    const values: Record<string, unknown> = {};
    for (const o of given) {
      const arg = route?.options.get(o.name);
      if (arg) values[arg.name] = valueFor(arg, o.value);
      else if (o.name === PUBLIC_OPTION) values.public = o.value === true;
    }
    const command = route?.family.name ?? i.commandName;
    const subcommand = route?.spec.name ?? [group, sub].filter(Boolean).join(' ');
    await answerInTime(i, isPublic, () => this.options.core.handle({
      id: i.id,
      user: discordUserOf(i),
      command,
      input: { kind: 'options', subcommand, values },
      repeatKey: `discord:${i.guildId ?? 'dm'}/${i.user.id}/${i.channelId}/${command} ${subcommand} ${JSON.stringify(values)}`,
      ...this.#where(i),
    }), this.#timing);
  }

  /** `/guichet type command:credit buy 100`: the text grammar, through the umbrella; always private (it may hold a token). */
  async #typed(i: ChatInputCommandInteraction, umbrella: string): Promise<void> {
    const line = i.options.getString(TEXT_OPTION, false) ?? '';
    const reply = () => this.options.core.handle({
      id: i.id,
      user: discordUserOf(i),
      command: umbrella,
      input: { kind: 'text', text: line },
      repeatKey: `discord:${i.guildId ?? 'dm'}/${i.user.id}/${i.channelId}/${umbrella} ${line.trim().replace(/\s+/g, ' ')}`,
      ...this.#where(i),
    });
    await answerInTime(i, false, async () => ({ ...(await reply()), visibility: 'private' }), this.#timing);
  }

  /** The reply budget's timers and clock, as injected. */
  get #timing(): ReplyTiming {
    return { timers: this.options.replyTimers, now: this.options.now };
  }

  /** A click is answered privately, with a new message (the clicked one stays), as a command is: at once, or deferred at the budget. */
  async #button(i: ButtonInteraction): Promise<void> {
    await answerInTime(i, false, () => this.options.core.click({ id: i.id, user: discordUserOf(i), actionId: i.customId, ...this.#where(i) }), this.#timing);
  }

  #where(i: Interaction) {
    const channel = this.#channelOf(i);
    const locale = toLocale(i.locale);
    return { ...(channel ? { channel } : {}), ...(locale ? { locale } : {}) };
  }

  async #autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const route = this.commands.route(i.commandName, i.options.getSubcommandGroup(false), i.options.getSubcommand(false) ?? '');
    const arg = route?.options.get(focused.name);
    const typed = String(focused.value ?? '');
    let choices: { name: string; value: string }[] = [];
    if (arg?.meta.complete) {
      const found = await this.options.core.suggest(discordUserOf(i), arg.meta.complete, typed);
      choices = found.filter((s) => s.value.length <= 100).map((s) => ({ name: clip(s.label), value: s.value }));
    } else if (arg?.meta.choices) {
      choices = arg.meta.choices.filter((c) => c.toLowerCase().includes(typed.toLowerCase()) && c.length <= 100).map((c) => ({ name: c, value: c }));
    }
    await i.respond(choices.slice(0, 25));
  }
}
