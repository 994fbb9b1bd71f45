import type { Decision, Tx, UnitOfWork } from '../../src/ports/store.js';
import { ConnectionDocs, EffectDocs } from './connection.repository.js';
import { ContactRequestDocs } from './contact-request.repository.js';
import { ConflictError, DocumentTx } from './document-tx.js';
import { KeptSecretDocs } from './kept-secret.repository.js';
import { PresenceDocs } from './presence.repository.js';
import { DueDocs, OrderDocs } from './order.repository.js';
import { LeaseDocs } from './lease.repository.js';
import { ConfirmationDocs, ReminderDocs, ScheduleDocs } from './reminder.repository.js';
import type { StorageEngine } from './engine.js';
import { VoucherDocs, WalletDocs } from './wallet.repository.js';
import {
  AccountDocs,
  ActionDocs,
  AuditDocs,
  ChatLinkDocs,
  InvocationDocs,
  LimitDocs,
  ServiceDocs,
  ServiceMailDocs,
} from './repositories.js';

const MAX_ATTEMPTS = 50;

/**
 * Every domain repository bound to one document transaction, each made on first use (a command uses a few of the
 * twenty-odd, and a unit of work makes a new set on every attempt).
 */
class BoundRepositories implements Tx {
  #accounts: AccountDocs | undefined;
  #services: ServiceDocs | undefined;
  #links: ChatLinkDocs | undefined;
  #audit: AuditDocs | undefined;
  #mails: ServiceMailDocs | undefined;
  #secrets: KeptSecretDocs | undefined;
  #actions: ActionDocs | undefined;
  #invocations: InvocationDocs | undefined;
  #orders: OrderDocs | undefined;
  #due: DueDocs | undefined;
  #wallets: WalletDocs | undefined;
  #vouchers: VoucherDocs | undefined;
  #contactRequests: ContactRequestDocs | undefined;
  #reminders: ReminderDocs | undefined;
  #schedules: ScheduleDocs | undefined;
  #confirmations: ConfirmationDocs | undefined;
  #leases: LeaseDocs | undefined;
  #presence: PresenceDocs | undefined;
  #connections: ConnectionDocs | undefined;
  #effects: EffectDocs | undefined;
  #limits: LimitDocs | undefined;
  /** Binds to a transaction. */
  constructor(private readonly doc: DocumentTx) {}
  /** The accounts repository of this transaction. */
  get accounts() {
    return (this.#accounts ??= new AccountDocs(this.doc));
  }
  /** The services repository of this transaction. */
  get services() {
    return (this.#services ??= new ServiceDocs(this.doc));
  }
  /** The links repository of this transaction. */
  get links() {
    return (this.#links ??= new ChatLinkDocs(this.doc));
  }
  /** The audit repository of this transaction. */
  get audit() {
    return (this.#audit ??= new AuditDocs(this.doc));
  }
  /** The mails repository of this transaction. */
  get mails() {
    return (this.#mails ??= new ServiceMailDocs(this.doc));
  }
  /** The secrets repository of this transaction. */
  get secrets() {
    return (this.#secrets ??= new KeptSecretDocs(this.doc));
  }
  /** The actions repository of this transaction. */
  get actions() {
    return (this.#actions ??= new ActionDocs(this.doc));
  }
  /** The invocations repository of this transaction. */
  get invocations() {
    return (this.#invocations ??= new InvocationDocs(this.doc));
  }
  /** The orders repository of this transaction. */
  get orders() {
    return (this.#orders ??= new OrderDocs(this.doc));
  }
  /** The due repository of this transaction. */
  get due() {
    return (this.#due ??= new DueDocs(this.doc));
  }
  /** The wallets repository of this transaction. */
  get wallets() {
    return (this.#wallets ??= new WalletDocs(this.doc));
  }
  /** The vouchers repository of this transaction. */
  get vouchers() {
    return (this.#vouchers ??= new VoucherDocs(this.doc));
  }
  /** The contactRequests repository of this transaction. */
  get contactRequests() {
    return (this.#contactRequests ??= new ContactRequestDocs(this.doc));
  }
  /** The reminders repository of this transaction. */
  get reminders() {
    return (this.#reminders ??= new ReminderDocs(this.doc));
  }
  /** The schedules repository of this transaction. */
  get schedules() {
    return (this.#schedules ??= new ScheduleDocs(this.doc));
  }
  /** The confirmations repository of this transaction. */
  get confirmations() {
    return (this.#confirmations ??= new ConfirmationDocs(this.doc));
  }
  /** The leases repository of this transaction. */
  get leases() {
    return (this.#leases ??= new LeaseDocs(this.doc));
  }
  /** The presence repository of this transaction. */
  get presence() {
    return (this.#presence ??= new PresenceDocs(this.doc));
  }
  /** The connections repository of this transaction. */
  get connections() {
    return (this.#connections ??= new ConnectionDocs(this.doc));
  }
  /** The effects repository of this transaction. */
  get effects() {
    return (this.#effects ??= new EffectDocs(this.doc));
  }
  /** The limits repository of this transaction. */
  get limits() {
    return (this.#limits ??= new LimitDocs(this.doc));
  }
  /** True once the unit of work has written something (counters aside). */
  get dirty() {
    return !this.doc.empty;
  }
}

/** Binds every domain repository to one document transaction. */
export function bindRepositories(doc: DocumentTx): Tx {
  return new BoundRepositories(doc);
}

/** Optimistic units of work over a storage engine: run, validate, commit, re-run on conflict. */
export class DocumentUnitOfWork implements UnitOfWork {
  /** Wraps an engine; `observer` is told of each conflict (metrics). */
  constructor(readonly engine: StorageEngine, private readonly observer?: { storeConflict(at: 'read' | 'commit'): void }) {}

  /** Runs the body until it commits cleanly; read-only bodies are validated too, so they never see half a command. */
  async run<T>(body: (tx: Tx) => Promise<Decision<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const doc = new DocumentTx(this.engine, attempt > 1);
      let decision: Decision<T>;
      try {
        decision = await body(bindRepositories(doc));
      } catch (error) {
        if (error instanceof ConflictError && attempt < MAX_ATTEMPTS) {
          this.observer?.storeConflict('read');
          continue;
        }
        throw error;
      }
      if (await this.engine.commit(doc.request(decision.commit))) return decision.result;
      this.observer?.storeConflict('commit');
      if (attempt >= MAX_ATTEMPTS) throw new Error('too much contention: gave up after repeated conflicts');
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Closes the engine. */
  close(): Promise<void> {
    return this.engine.close();
  }
}
