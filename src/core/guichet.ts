import type { Clock } from '../ports/clock.js';
import type { JobsPort } from '../ports/jobs.js';
import type { Logger } from '../ports/logger.js';
import type { CommandOutcome, Metrics } from '../ports/metrics.js';
import type { Notifier } from '../ports/notifier.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Tx, UnitOfWork } from '../ports/store.js';
import type { CloudAccount, CloudProvider } from '../ports/provider.js';
import type { AccountConnector } from '../ports/account-connector.js';
import type { InvocationRecord } from '../domain/records.js';
import { randomCode } from '../domain/ids.js';
import type { Completion } from './args.js';
import { suggestItems, type Suggestion } from './completion.js';
import type { CoreConfig } from './config.js';
import { InvocationContext, type OutboxItem } from './context.js';
import { pick, type Locale, type Localized } from './i18n.js';
import { chatUserKey, matchesChatUser, type ChatUser, type Invocation } from './identity.js';
import { holdsSecret, parseOptions, parseText, type Parsed } from './parser.js';
import type { CommandRegistry } from './registry.js';
import { RateLimiter } from './rate-limit.js';
import { errorReply, failureReply, reportSections, undelivered } from './outcomes.js';
import { viaUmbrella } from './umbrella.js';
import { deny, forChannel, isRefusal, personalText, refuse, RefusalError, text, withPrivateSections, type Refusal, type Reply } from './reply.js';
import type { AuditEntry } from '../domain/records.js';
import type { ImageRenderer } from '../ports/images.js';
import { overviewForUser, overviewOfAccount, readAccountAsJob } from './overview-access.js';
import type { OverviewView } from './views.js';

/** What the core needs from the outside world. */
export interface GuichetDeps {
  readonly registry: CommandRegistry;
  readonly store: UnitOfWork;
  /** The cloud account commands administer: the ledger, or OVHcloud. */
  readonly provider: CloudProvider;
  /** Connects chat users' accounts to the provider's API (`/account connect`); absent for the ledger. */
  readonly connector?: AccountConnector;
  readonly clock: Clock;
  readonly config: CoreConfig;
  readonly notifier: Notifier;
  readonly logger: Logger;
  /** Per chat user and per account command limits, counted on every delivery; the console is exempt (a local operator tool). */
  readonly rateLimiter?: RateLimiter;
  /** Autocomplete requests per chat user (Discord asks on each keystroke); the console is exempt. */
  readonly suggestLimiter?: RateLimiter;
  /** Wall-clock milliseconds for the repeat window (shared by every process); real time unless a test injects one. */
  readonly ticker?: () => number;
  /** Wrong secrets (tokens) per chat user across requests; defaults to 10 an hour. */
  readonly guessLimiter?: RateLimiter;
  /** Runs the scheduled jobs on request (`/guichet admin run-jobs`), after the command committed. */
  readonly jobs?: JobsPort;
  /** Counts commands by family and outcome, with their latency (`/metrics`). */
  readonly metrics?: Metrics;
  /** Rasterises charts (`/credit chart`); without it, charts are refused. */
  readonly images?: ImageRenderer;
  /** Seals the tokens kept for service mails (AES-256-GCM with `GUICHET_SECRET_KEY`); unencrypted and short-lived without. */
  readonly secretBox?: SecretBox;
}

/** A button click, as adapters report it. */
export interface Click {
  readonly id: string;
  readonly user: ChatUser;
  readonly actionId: string;
  readonly channel?: string;
  readonly locale?: Locale;
}

type Outcome = { reply: Reply; outbox: OutboxItem[]; locale: Locale; runJobs?: Locale; refusedAttempt?: AuditEntry; duplicate?: true };

/** The same command re-typed by the same user in the same place within this window is applied once. */
export const REPEAT_WINDOW_MS = 120_000;

const DUPLICATE: Localized = {
  en: 'Already done: this request reached me twice, so I applied it once. Here is the result again.',
  fr: 'Déjà fait : cette demande m’est parvenue deux fois, je ne l’ai appliquée qu’une fois. Voici à nouveau le résultat.',
};

const PERSONAL_LEFT_OUT: Localized = {
  en: '(Some personal details — e-mail addresses, payment methods — are left out here; you got them privately.)',
  fr: '(Certaines données personnelles — adresses e-mail, moyens de paiement — ne sont pas affichées ici ; vous les avez reçues en privé.)',
};

/** The command core: parses, checks rights, runs each command as one unit of work, delivers notices. */
export class Guichet {
  readonly #guesses: RateLimiter;
  readonly #ticker: () => number;
  /** Wires the core. */
  constructor(readonly deps: GuichetDeps) {
    this.#guesses = deps.guessLimiter ?? new RateLimiter(10, 3_600_000);
    this.#ticker = deps.ticker ?? (() => Date.now());
  }

  readonly #inFlight = new Set<Promise<Reply>>();
  #closing = false;

  /** Handles one invocation and returns the reply for the user who typed; never throws. */
  handle(inv: Invocation): Promise<Reply> {
    if (this.#closing) {
      return Promise.resolve(errorReply('SHUTTING_DOWN', pick({
        en: 'Guichet is restarting; nothing was done. Please try again in a moment.',
        fr: 'Guichet redémarre ; rien n’a été fait. Réessayez dans un instant.',
      }, inv.locale ?? this.deps.config.locale)));
    }
    const started = performance.now();
    const work = this.#handle(inv);
    if (this.deps.metrics) {
      const family = this.deps.registry.find(inv.command)?.name ?? 'unknown';
      void work.then((r) => this.deps.metrics!.command(family, this.#outcomeOf(r), (performance.now() - started) / 1000));
    }
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  /** How a reply ended, for metrics. */
  #outcomeOf(r: Reply): CommandOutcome {
    if (this.#duplicates.has(r)) return 'duplicate';
    if (r.tone !== 'error') return 'ok';
    if (r.code === 'RATE.LIMITED') return 'rate-limited';
    if (r.code === 'STORE.UNAVAILABLE' || r.code === 'SHUTTING_DOWN') return 'unavailable';
    return r.code === 'INTERNAL' ? 'failed' : 'refused';
  }

  /** Replies that answered a duplicate delivery ("Already done"), for metrics. */
  readonly #duplicates = new WeakSet<Reply>();
  /** Replies of commands that may change state (parsed, not read-only), whatever their outcome. */
  readonly #changing = new WeakSet<Reply>();

  /** True when `r` answered a command that may have changed state, so views of the caller's account (a Home tab) are refreshed. */
  mayHaveChanged(r: Reply): boolean {
    return this.#changing.has(r);
  }

  /** Stops accepting commands and waits (at most `timeoutMs`) for those in flight; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.#closing = true;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const finished = await Promise.race([done, limit]);
    clearTimeout(timer);
    return finished;
  }

  async #handle(typed: Invocation): Promise<Reply> {
    const { config, registry, logger } = this.deps;
    const inv = viaUmbrella(registry, typed);
    const log = logger.child({ req: inv.id, user: chatUserKey(inv.user), command: inv.command });
    const fallbackLocale = inv.locale ?? config.locale;
    try {
      const family = registry.find(inv.command);
      if (!family) {
        const guess = registry.suggest(inv.command);
        const msg: Localized = {
          en: `/${inv.command.slice(0, 40)} is not a Guichet command.${guess ? ` Did you mean /${guess}?` : ''} ${registry.texts.listCommands.en}`,
          fr: `/${inv.command.slice(0, 40)} n’est pas une commande Guichet.${guess ? ` Vouliez-vous dire /${guess} ?` : ''} ${registry.texts.listCommands.fr}`,
        };
        return errorReply('COMMAND.UNKNOWN', pick(msg, fallbackLocale));
      }
      const parsed =
        inv.input.kind === 'text'
          ? parseText(family, inv.input.text)
          : parseOptions(family, inv.input.subcommand, inv.input.values);
      if (!parsed.ok) {
        log.info({ code: parsed.code }, 'refused');
        const usage = pick({ en: 'Usage', fr: 'Utilisation' }, fallbackLocale);
        return errorReply(parsed.code, `${pick(parsed.message, fallbackLocale)}\n${usage}: ${parsed.usage.join('\n')}`);
      }
      const outcome = await this.deps.store.run((tx) => this.#execute(tx, inv, parsed));
      const attempt = outcome.refusedAttempt;
      // A refusal of rights writes nothing of the command, only the record of the attempt, in its own unit of work.
      if (attempt) await this.deps.store.run(async (tx) => (tx.audit.append(attempt), { commit: true, result: undefined }));
      const failures = await this.#deliver(outcome.outbox, outcome.locale);
      log.info({ sub: parsed.spec.name, code: outcome.reply.code ?? 'OK' }, 'handled');
      let out: Reply = { ...outcome.reply, locale: outcome.locale };
      if (outcome.runJobs && this.deps.jobs) {
        const report = await this.deps.jobs.runNow(this.deps.clock.now());
        out = { ...out, sections: [...out.sections, ...reportSections(report, outcome.runJobs)] };
      }
      // Delivery warnings name other accounts' chat users: they stay with the caller, even beside a public reply.
      const final = failures.length === 0 ? out : withPrivateSections(out, [personalText(failures.join('\n'))]);
      if (outcome.duplicate) this.#duplicates.add(final);
      if (!parsed.spec.readOnly) this.#changing.add(final);
      return final;
    } catch (error) {
      return failureReply(error, log, fallbackLocale);
    }
  }

  /** Handles a button click: re-checks who clicked and whether it is still valid, then runs its command once. */
  async click(click: Click): Promise<Reply> {
    const locale = click.locale ?? this.deps.config.locale;
    try {
      const found = await this.deps.store.run(async (tx) => {
        const action = await tx.actions.get(click.actionId);
        const link = await tx.links.get(chatUserKey(click.user));
        return { commit: false, result: { action, account: link?.account } };
      });
      const { action, account } = found;
      if (!action) {
        return errorReply('ACTION.UNKNOWN', pick({ en: 'This button is no longer valid.', fr: 'Ce bouton n’est plus valable.' }, locale));
      }
      if (new Date(action.expiresAt) <= this.deps.clock.now()) {
        return errorReply('ACTION.EXPIRED', pick({
          en: `This button has expired. Type /${action.typed ?? action.command} instead.`,
          fr: `Ce bouton a expiré. Tapez plutôt /${action.typed ?? action.command}.`,
        }, locale));
      }
      // A button offered to a chat user linked to no account (e.g. "I have validated" of /account connect) has account ''.
      if ((account ?? '') !== action.account) {
        return errorReply('ACTION.FOREIGN', pick({
          en: 'This button is not yours: it was offered to another account, so it does nothing for you.',
          fr: 'Ce bouton n’est pas à vous : il a été proposé à un autre compte, il ne fait donc rien pour vous.',
        }, locale));
      }
      const [command = '', ...rest] = action.command.split(' ');
      return this.handle({
        id: `action:${action.id}`,
        retriesUntil: action.expiresAt,
        user: click.user,
        command,
        input: { kind: 'text', text: rest.join(' ') },
        ...(click.channel ? { channel: click.channel } : {}),
        ...(click.locale ? { locale: click.locale } : {}),
      });
    } catch (error) {
      return failureReply(error, this.deps.logger.child({ req: click.id, user: chatUserKey(click.user) }), locale);
    }
  }

  /**
   * The overview of a chat user's linked account (the Slack Home tab), or how to get linked (with a Connect button when
   * accounts connect themselves); private. No audit entry, no rate limit; never throws (errors → an error reply with a reference).
   */
  overviewFor(user: ChatUser, locale?: Locale): Promise<Reply> {
    return overviewForUser(this.deps, user, locale);
  }

  /** The overview of an account for jobs (weekly digest): no chat user, so no token buttons; undefined when the account is unknown. */
  overviewOfAccount(accountId: string, locale?: Locale): Promise<OverviewView | undefined> {
    return overviewOfAccount(this.deps, accountId, locale);
  }

  /** Reads an account through the provider for a job (no chat user), committing nothing; undefined if unknown (see `AccountReader`). */
  readAccount<T>(accountId: string, read: (cloud: CloudAccount, now: Date) => Promise<T>): Promise<T | undefined> {
    return readAccountAsJob(this.deps, accountId, read);
  }

  /** The caller's own items of a kind matching partial input (autocomplete), read-only; empty on any failure. */
  async suggest(user: ChatUser, kind: Completion, partial: string): Promise<Suggestion[]> {
    try {
      return await this.deps.store.run(async (tx) => {
        const limited = user.platform !== 'console' && (await this.deps.suggestLimiter?.hit(tx, [`suggest:${chatUserKey(user)}`], randomCode(12)));
        if (limited) return { commit: false, result: [] };
        const link = await tx.links.get(chatUserKey(user));
        const account = link ? await tx.accounts.get(link.account) : undefined;
        const operator = this.deps.config.operators.some((p) => matchesChatUser(p, user));
        return { commit: false, result: await suggestItems(tx, { account, operator }, kind, partial) };
      });
    } catch (error) {
      this.deps.logger.warn({ user: chatUserKey(user), kind, err: error instanceof Error ? error.message : String(error) }, 'suggestions failed');
      return [];
    }
  }

  async #execute(tx: Tx, inv: Invocation, parsed: Parsed): Promise<{ commit: boolean; result: Outcome }> {
    const { config, clock } = this.deps;
    const now = clock.now();
    const chatUser = chatUserKey(inv.user);
    const link = await tx.links.get(chatUser);
    const account = link ? await tx.accounts.get(link.account) : undefined;
    const operator = config.operators.some((p) => matchesChatUser(p, inv.user));
    const locale = inv.locale ?? account?.locale ?? config.locale;
    // Every delivery counts, repeats included (the counts land even if the command is refused or a duplicate).
    const limiter = inv.user.platform === 'console' ? undefined : this.deps.rateLimiter;
    const wait = (await limiter?.hit(tx, [`user:${chatUser}`, ...(account ? [`account:${account.id}`] : [])], inv.id)) ?? 0;
    // Retries are looked for (and the record filed) around today, or around the day a button expires.
    const filed = inv.retriesUntil ? new Date(inv.retriesUntil) : now;
    const applied = wait > 0 || parsed.spec.readOnly ? undefined : await this.#applied(tx, inv, parsed, filed);
    if (applied?.prior) {
      const previous = applied.prior.reply as Reply;
      const again: Reply = { ...previous, sections: [text(pick(DUPLICATE, locale)), ...previous.sections] };
      return { commit: false, result: { reply: again, outbox: [], locale, duplicate: true } };
    }
    if (applied && applied.id !== inv.id) inv = { ...inv, id: applied.id };
    const ctx = new InvocationContext(inv, tx, now, locale, config, chatUser, account, operator, this.#guesses, this.deps.provider, this.deps.connector, this.deps.secretBox);
    ctx.jobsAvailable = this.deps.jobs !== undefined;
    ctx.images = this.deps.images;
    const access = parsed.spec.access;
    let result: Reply | Refusal;
    if (wait > 0) {
      result = refuse('RATE.LIMITED', {
        en: `Too many commands in a short time. Please try again in ${wait} second(s).`,
        fr: `Trop de commandes en peu de temps. Réessayez dans ${wait} seconde(s).`,
      });
    } else if (access === 'linked' && !account) result = refuse('ACCESS.NOT_LINKED', this.deps.registry.texts.notLinked({ chatUser, operator, connects: this.deps.connector !== undefined }));
    else if (access === 'operator' && !operator) {
      result = deny('ACCESS.NOT_OPERATOR', {
        en: `Only Guichet operators may do this${config.operatorsNamedIn ? ` (they are named in ${config.operatorsNamedIn})` : ''}.`,
        fr: `Seuls les opérateurs Guichet peuvent faire cela${config.operatorsNamedIn ? ` (ils sont listés dans ${config.operatorsNamedIn})` : ''}.`,
      });
    } else {
      try {
        result = await parsed.spec.run(ctx, parsed.args as never);
      } catch (error) {
        if (!(error instanceof RefusalError)) throw error;
        result = error.refusal;
      }
    }
    if (isRefusal(result)) {
      const refusedAttempt: AuditEntry | undefined = result.rights
        ? {
            id: randomCode(10), at: now.toISOString(), actor: chatUser, account: account?.id ?? null, channel: inv.channel ?? null,
            action: `${inv.command} ${parsed.spec.name}`.trim(), target: null, result: 'refused', details: { code: result.code },
          }
        : undefined;
      return { commit: false, result: { reply: errorReply(result.code, pick(result.message, locale)), outbox: [], locale, ...(refusedAttempt ? { refusedAttempt } : {}) } };
    }
    const keptPrivate: Localized = { en: 'This reply can hold secrets, so it stays private.', fr: 'Cette réponse peut contenir des secrets : elle reste privée.' };
    const out: Reply = !parsed.public
      ? result
      : parsed.spec.privateOnly || holdsSecret(parsed)
        ? { ...result, visibility: 'private', sections: [text(pick(keptPrivate, locale)), ...result.sections] }
        : forChannel(result, pick(PERSONAL_LEFT_OUT, locale));
    if (tx.dirty) tx.invocations.put({ id: inv.id, at: now.toISOString(), reply: out }, applied?.repeat, filed);
    return { commit: true, result: { reply: out, outbox: ctx.outbox, locale, ...(ctx.jobsRequested ? { runJobs: locale } : {}) } };
  }

  /**
   * Whether this state-changing invocation was applied already: by its own ID, or — typed again the same
   * way in the same place within the repeat window — by the ID it had then. Costs no read the first time
   * (the commit requires that neither record exists); read only when the unit re-runs.
   */
  async #applied(tx: Tx, inv: Invocation, parsed: Parsed, filed: Date): Promise<{ id: string; prior?: InvocationRecord; repeat?: { key: string; at: number } }> {
    let id = inv.id;
    let repeat: { key: string; at: number } | undefined;
    if (inv.repeatKey && !parsed.spec.rerunnable) {
      const at = this.#ticker();
      const earlier = await tx.invocations.repeatOf(inv.repeatKey);
      if (earlier && earlier.id !== id && at - earlier.at <= REPEAT_WINDOW_MS) id = earlier.id;
      else repeat = { key: inv.repeatKey, at };
    }
    const prior = await tx.invocations.claim(id, filed);
    return { id, ...(prior ? { prior } : {}), ...(repeat ? { repeat } : {}) };
  }

  async #deliver(outbox: readonly OutboxItem[], locale: Locale): Promise<string[]> {
    const failures: string[] = [];
    for (const item of outbox) {
      const delivery = await this.deps.notifier.direct(item.to, item.message);
      if (!delivery.ok) {
        this.deps.logger.warn({ to: chatUserKey(item.to), reason: delivery.reason }, 'private message not delivered');
        failures.push(pick(undelivered(chatUserKey(item.to), item.account, delivery.reason, this.deps.registry.texts.keptNotices(item.account)), locale));
      }
    }
    return failures;
  }
}

export { errorReply } from './outcomes.js';
