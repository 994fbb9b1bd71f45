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

/** Binds every domain repository to one document transaction. */
export function bindRepositories(doc: DocumentTx): Tx {
  return {
    accounts: new AccountDocs(doc),
    services: new ServiceDocs(doc),
    links: new ChatLinkDocs(doc),
    audit: new AuditDocs(doc),
    mails: new ServiceMailDocs(doc),
    secrets: new KeptSecretDocs(doc),
    actions: new ActionDocs(doc),
    invocations: new InvocationDocs(doc),
    orders: new OrderDocs(doc),
    due: new DueDocs(doc),
    wallets: new WalletDocs(doc),
    vouchers: new VoucherDocs(doc),
    contactRequests: new ContactRequestDocs(doc),
    reminders: new ReminderDocs(doc),
    schedules: new ScheduleDocs(doc),
    confirmations: new ConfirmationDocs(doc),
    leases: new LeaseDocs(doc),
    presence: new PresenceDocs(doc),
    connections: new ConnectionDocs(doc),
    effects: new EffectDocs(doc),
    limits: new LimitDocs(doc),
    get dirty() {
      return !doc.empty;
    },
  };
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
