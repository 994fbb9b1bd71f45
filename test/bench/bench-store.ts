import { ledgerProvider } from '../../src/ledger/ledger.provider.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRegistry } from '../../src/commands/index.js';
import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import { Guichet } from '../../src/core/guichet.js';
import type { Reply } from '../../src/core/reply.js';
import type { Account } from '../../src/domain/account.js';
import type { Service } from '../../src/domain/service.js';
import { emptyWallet } from '../../src/domain/wallet.js';
import type { Clock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Notifier } from '../../src/ports/notifier.js';
import type { Tx } from '../../src/ports/store.js';
import { putService } from '../../src/flows/schedule.js';
import { openEngine } from '../../adapters/store/open-store.js';
import type { SqlEngine } from '../../adapters/store/sql-engine.js';
import { DocumentUnitOfWork } from '../../adapters/store/unit-of-work.js';

/** The instant the bench clock starts at; it then moves with real time. */
export const BENCH_START = '2026-11-23T09:00:00.000Z';
/** Services per account in the bench store: one Public Cloud project and nine renewable services. */
export const SERVICES_PER_ACCOUNT = 10;
const DAY = 86_400_000;

/** A clock that starts at a fixed instant and moves with the wall clock (orders get distinct times). */
export function benchClock(start = BENCH_START): Clock {
  const base = new Date(start).getTime();
  const t0 = performance.now();
  return { now: () => new Date(base + Math.floor(performance.now() - t0)) };
}

/** A notifier that accepts every message at once (no platform in the core path). */
export const acceptingNotifier: Notifier = {
  platforms: ['console', 'slack', 'discord'],
  direct: async () => ({ ok: true }),
  post: async () => ({ ok: true }),
};

/** The bench account of index i, its console user, its project and its other services. */
export const benchAccountId = (i: number) => `bench-${String(i).padStart(7, '0')}`;
/** Console user linked to bench account i. */
export const benchUser = (i: number) => `b${String(i).padStart(7, '0')}`;
/** The Public Cloud project of bench account i. */
export const benchProject = (i: number) => `pc-${benchAccountId(i)}`;
/** The k-th (1..9) renewable service of bench account i. */
export const benchService = (i: number, k: number) => `svc-${benchAccountId(i)}-${k}`;

/** A store with the production engine settings (SQLite in a temp folder: WAL, synchronous=NORMAL; or a PostgreSQL database), and a core on it. */
export interface BenchStore {
  /** The temp folder of a SQLite store ('' on PostgreSQL). */
  readonly dir: string;
  readonly engine: SqlEngine;
  readonly uow: DocumentUnitOfWork;
  readonly core: Guichet;
  readonly clock: Clock;
  /** Runs `/command text` as console user `user` with a fresh invocation ID. */
  run(user: string, command: string, text: string): Promise<Reply>;
  /** Closes the store and removes its folder, unless asked to keep it. */
  close(options?: { keep?: boolean }): Promise<void>;
}

/** Opens a bench store (a new empty SQLite one, the one in folder `where`, or the store at URI `where`) and a core over it. */
export async function openBenchStore(name: string, where?: string): Promise<BenchStore> {
  const uri = where?.includes('://') ? where : undefined;
  const dir = uri ? '' : (where ?? mkdtempSync(join(tmpdir(), `guichet-bench-${name}-`)));
  const engine = await openEngine(uri ?? `sqlite://${join(dir, 'store.sqlite')}`);
  const uow = new DocumentUnitOfWork(engine);
  const clock = benchClock();
  const core = new Guichet({ registry: buildRegistry(), store: uow, clock, config: DEFAULT_CORE_CONFIG, notifier: acceptingNotifier, logger: silentLogger, provider: ledgerProvider });
  return {
    dir, engine, uow, core, clock,
    run: (user, command, text) => core.handle({ id: randomUUID(), user: { platform: 'console', workspace: 'local', user }, channel: 'console:local/bench', command, input: { kind: 'text', text } }),
    close: async (options) => {
      await uow.close();
      if (dir && !options?.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function account(i: number): Account {
  return {
    id: benchAccountId(i), name: `Bench ${i}`, subsidiary: 'FR', currency: 'EUR', locale: 'en',
    email: `${benchAccountId(i)}@example.com`, backupEmail: null, twoFactor: false, closedAt: null,
    paymentMethods: [{ id: `pm-${i}`, kind: 'card', label: 'Visa •••• 4242', default: true }],
  };
}

const KINDS = ['domain', 'vps', 'dedicated-server', 'web-hosting', 'email'] as const;

function services(i: number, now: Date): Service[] {
  const id = benchAccountId(i);
  const contacts = { admin: id, billing: id, tech: id };
  const common = { owner: id, contacts, state: 'active' as const, createdAt: new Date(now.getTime() - 400 * DAY).toISOString(), deletedAt: null };
  const out: Service[] = [{ ...common, id: benchProject(i), kind: 'public-cloud-project', displayName: `Project ${i}`, renewal: null }];
  for (let k = 1; k < SERVICES_PER_ACCOUNT; k++) {
    const expiresAt = new Date(now.getTime() + (((i * 7 + k * 13) % 360) + 30) * DAY).toISOString();
    out.push({ ...common, id: benchService(i, k), kind: KINDS[k % KINDS.length]!, displayName: `Service ${i}/${k}`, renewal: { expiresAt, periodMonths: 12, mode: 'automatic', cancelReason: null, priceMinor: 999 } });
  }
  return out;
}

/** Writes one bench account with its services (and their due entries), its console link and its project wallet (one voucher entry). */
export async function putAccount(tx: Tx, i: number, now: Date): Promise<void> {
  tx.accounts.put(account(i));
  for (const s of services(i, now)) await putService(tx, s);
  await tx.links.put({ chatUser: `console:local/${benchUser(i)}`, account: benchAccountId(i), linkedBy: 'bench', linkedAt: now.toISOString() });
  const wallet = emptyWallet(benchProject(i), benchAccountId(i), 'EUR');
  tx.wallets.save({
    ...wallet,
    entries: [{ id: `V-WELCOME-${i}`, kind: 'voucher', initialMinor: 5000, balanceMinor: 5000, currency: 'EUR', createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 90 * DAY).toISOString(), state: 'active', orderId: null, voucherCode: `WELCOME-${i}`, expiredMinor: 0, finishedAt: null }],
    totals: { ...wallet.totals, addedMinor: 5000 },
  });
}

/** Runs `body` for i in [from, to) in units of work of `per` items each (the repositories' own keys and indexes). */
export async function inBatches(store: BenchStore, from: number, to: number, per: number, body: (tx: Tx, i: number) => Promise<void> | void): Promise<void> {
  for (let start = from; start < to; start += per) {
    const end = Math.min(to, start + per);
    await store.uow.run(async (tx) => {
      for (let i = start; i < end; i++) await body(tx, i);
      return { commit: true, result: undefined };
    });
  }
}

/** Loads `accounts` bench accounts (ten services each) through the repositories, 200 accounts per unit of work. */
export async function loadAccounts(store: BenchStore, accounts: number): Promise<void> {
  const now = store.clock.now();
  await inBatches(store, 0, accounts, 200, (tx, i) => putAccount(tx, i, now));
}

/** Issues voucher codes `PREFIX-i` for i in [0, n) (EUR, FR, 90 days), 2,000 per unit of work. */
export async function issueVouchers(store: BenchStore, prefix: string, n: number): Promise<void> {
  const issuedAt = store.clock.now().toISOString();
  await inBatches(store, 0, n, 2000, (tx, i) => {
    tx.vouchers.put({ code: `${prefix}-${i}`, amountMinor: 1000, currency: 'EUR', subsidiary: 'FR', validityDays: 90, expiresAt: null, issuedAt, issuedBy: 'bench', activatedOn: null, activatedAt: null, activatedBy: null });
  });
}

/** Opens every account once (link, account, project), as the first commands of a day would. */
export async function warmUp(store: BenchStore, accounts: number): Promise<void> {
  for (let start = 0; start < accounts; start += 500) {
    await store.uow.run(async (tx) => {
      for (let i = start; i < Math.min(accounts, start + 500); i++) {
        await tx.links.get(`console:local/${benchUser(i)}`);
        await tx.accounts.get(benchAccountId(i));
        await tx.services.get(benchProject(i));
        await tx.wallets.get(benchProject(i));
      }
      return { commit: false, result: undefined };
    });
  }
}
