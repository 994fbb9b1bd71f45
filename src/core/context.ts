import type { Account } from '../domain/account.js';
import { randomCode } from '../domain/ids.js';
import { addDays } from '../domain/time.js';
import { timedId } from '../domain/timed-id.js';
import { UNENCRYPTED_BOX, type SecretBox } from '../ports/secret-box.js';
import type { AuditResult } from '../domain/records.js';
import type { Tx } from '../ports/store.js';
import type { CloudAccount, CloudProvider } from '../ports/provider.js';
import type { AccountConnector } from '../ports/account-connector.js';
import type { ImageRenderer } from '../ports/images.js';
import type { ActionOffer, CommandContext, Notice, NoticeOutcome, SecretKind } from './command.js';
import type { CoreConfig } from './config.js';
import { pick, type Locale, type Localized } from './i18n.js';
import { parseChatUser, type ChatUser, type Invocation } from './identity.js';
import type { RateLimiter } from './rate-limit.js';
import { reply, text, type Action, type Reply } from './reply.js';

/** A private message waiting for the unit of work to commit. */
export interface OutboxItem {
  readonly to: ChatUser;
  readonly account: string;
  readonly message: Reply;
}

/** Builds a command context for one attempt of a unit of work; effects land in `outbox`. */
export class InvocationContext implements CommandContext {
  readonly outbox: OutboxItem[] = [];
  /** Whether a job runner is wired (set by the core). */
  jobsAvailable = false;
  /** Whether this command asked for a job run after commit. */
  jobsRequested = false;
  /** The chart rasteriser, when wired (set by the core). */
  images: ImageRenderer | undefined = undefined;
  /** Binds the caller, the clock and the unit of work. */
  constructor(
    readonly invocation: Invocation,
    readonly tx: Tx,
    readonly now: Date,
    readonly locale: Locale,
    readonly config: CoreConfig,
    readonly chatUser: string,
    readonly account: Account | undefined,
    readonly operator: boolean,
    private readonly guesses?: RateLimiter,
    private readonly cloud?: CloudProvider,
    readonly connector: AccountConnector | undefined = undefined,
    private readonly box: SecretBox = UNENCRYPTED_BOX,
  ) {}

  #provider: CloudAccount | undefined;
  /** The cloud account, opened on first use for this attempt. */
  get provider(): CloudAccount {
    if (!this.cloud) throw new Error('no cloud provider is wired into this context');
    this.#provider ??= this.cloud.open(this);
    return this.#provider;
  }

  /** Seconds to wait before another secret of this kind may be tried by this chat user. */
  async secretAttemptsWait(kind: SecretKind = 'token'): Promise<number> {
    return (await this.guesses?.wait(this.tx, [this.#guessKey(kind)])) ?? 0;
  }

  /** Counts a wrong secret for this chat user, in the store (once per invocation, even if the unit of work re-runs). */
  async countWrongSecret(kind: SecretKind = 'token'): Promise<void> {
    await this.guesses?.hit(this.tx, [this.#guessKey(kind)], this.invocation.id);
  }

  #guessKey(kind: SecretKind): string {
    return kind === 'token' ? `secret:${this.chatUser}` : `${kind}:${this.chatUser}`;
  }

  #nowIso: string | undefined;
  /** `now` in the canonical form, built once per attempt (audit entries and mails are dated with it). */
  #at(): string {
    return (this.#nowIso ??= this.now.toISOString());
  }

  /** Text in the caller's language. */
  t(message: Localized): string {
    return pick(message, this.locale);
  }

  /** Appends an audit entry to the unit of work. */
  audit(action: string, target: string | null, details: Record<string, unknown> = {}, result: AuditResult = 'ok'): void {
    this.tx.audit.append({
      id: randomCode(10),
      at: this.#at(),
      actor: this.chatUser,
      account: this.account?.id ?? null,
      channel: this.invocation.channel ?? null,
      action,
      target,
      result,
      details,
    });
  }

  /** Keeps the notice in the account's service-mail log and queues a private copy for each linked chat user. */
  async notify(accountId: string, notice: Notice): Promise<NoticeOutcome> {
    const account = await this.tx.accounts.get(accountId);
    const locale = account?.locale ?? this.config.locale;
    const subject = pick(notice.subject, locale);
    const body = pick(notice.body, locale);
    const id = randomCode(10);
    let secretRef: string | undefined;
    let secretUntil: string | undefined;
    if (notice.secret) {
      // The mail keeps a reference; the token itself is sealed and erased when it expires or its request settles.
      secretRef = notice.keep?.ref ?? `mail:${id}`;
      const until = notice.keep?.until ?? addDays(this.now, this.config.contactRequestTtlDays).toISOString();
      // A mail's own ref is as new as the mail's random ID; a request's is new when the request is.
      const fresh = notice.keep ? notice.keep.fresh === true : true;
      // A fresh copy is keyed by its expiry (no index document): the mail records it to find the copy again.
      secretUntil = await this.tx.secrets.keep({ ref: secretRef, account: accountId, sealed: this.box.seal(notice.secret), expiresAt: until }, { fresh });
    }
    this.tx.mails.append({ id, at: this.#at(), account: accountId, subject, body, ...(secretRef ? { secretRef } : {}), ...(secretUntil ? { secretUntil } : {}) });
    const links = await this.tx.links.listForAccount(accountId);
    const full = notice.secret ? body.replaceAll('{secret}', notice.secret) : body;
    for (const link of links) {
      const to = parseChatUser(link.chatUser);
      if (to) this.outbox.push({ to, account: accountId, message: reply([text(full)], { title: subject }) });
    }
    return { recipients: links.length };
  }

  /** The caller's account's kept copy of a secret, opened, if still kept (`until`: the expiry its mail recorded, if any). */
  async keptSecret(ref: string, until?: string): Promise<string | undefined> {
    if (!this.account) return undefined;
    const kept = await this.tx.secrets.get(ref, this.account.id, until);
    if (!kept || new Date(kept.expiresAt) <= this.now) return undefined;
    try {
      return this.box.open(kept.sealed);
    } catch {
      return undefined; // sealed under another GUICHET_SECRET_KEY (or without one): read as no longer valid
    }
  }

  /** Stores a button bound to the caller's account and returns it. */
  offer(offer: ActionOffer): Action {
    const expires = new Date(this.now.getTime() + (offer.ttlMinutes ?? 30) * 60_000);
    // The ID starts with the expiry, so the store keeps the button as one document its purge finds by key.
    const id = timedId(expires);
    this.tx.actions.put({
      id,
      account: this.account?.id ?? '',
      command: offer.command,
      typed: offer.typed ?? offer.command,
      text: this.t(offer.label),
      expiresAt: expires.toISOString(),
      usedAt: null,
    });
    const confirm = offer.confirm
      ? {
          title: this.t(offer.confirm.title),
          text: this.t(offer.confirm.text),
          yes: this.t({ en: 'Yes, go ahead', fr: 'Oui, continuer' }),
          no: this.t({ en: 'Cancel', fr: 'Annuler' }),
        }
      : undefined;
    return { id, label: this.t(offer.label), style: offer.style ?? 'primary', typed: offer.typed ?? offer.command, ...(confirm ? { confirm } : {}) };
  }

  /** Requests a job run after commit, when a runner is wired. */
  runJobsAfterCommit(): boolean {
    this.jobsRequested = this.jobsAvailable;
    return this.jobsAvailable;
  }
}
