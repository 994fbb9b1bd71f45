import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORE_CONFIG } from '../src/core/config.js';
import { JOBS } from '../src/jobs/index.js';
import { CLAIM_TTL_MS, JobRunner } from '../src/jobs/job-runner.js';
import { ManualClock } from '../src/ports/clock.js';
import type { Delivery, Notifier, PostOptions } from '../src/ports/notifier.js';
import type { Reply } from '../src/core/reply.js';
import { DEMO_NOW, makeHarness, type Harness } from './support/harness.js';
import { RecordingLogger } from './support/recording.js';
import { aService, saveService } from './support/renewal.js';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';
import { writtenDoc } from './support/engines.js';
import type { UnitOfWork } from '../src/ports/store.js';
import { queueNotice } from '../src/jobs/channel-notices.js';
import { DELETION_NOTICE } from '../src/jobs/service-deletion.js';

const DAY = 86_400_000;
let h: Harness;
const more: Harness[] = [];
let db: TestDatabase | undefined;
afterEach(async () => {
  for (const x of more.splice(0)) await x.close();
  await h?.close();
  await db?.drop();
  db = undefined;
});

/** A platform shared by every "process": it records what it accepted, after a little delay so runs interleave. */
class Platform {
  readonly accepted: string[] = [];
  /** The delivery key each accepted post carried (same index as `accepted`). */
  readonly keys: (string | undefined)[] = [];
  /** A notifier for one process; `hangAfter(n)` makes that process stop for good at its n-th post (before or after the platform accepts it). */
  notifier(options: { hangAt?: number; accepted?: boolean } = {}): Notifier & { calls: number } {
    const platform = this;
    return {
      platforms: ['console', 'slack', 'discord'],
      calls: 0,
      async direct(): Promise<Delivery> { return { ok: true }; },
      async post(channel: string, message: Reply, post?: PostOptions): Promise<Delivery> {
        this.calls += 1;
        await new Promise((r) => setTimeout(r, 1));
        const accept = () => { platform.accepted.push(`${channel} ${message.title ?? ''}`); platform.keys.push(post?.key); };
        if (options.hangAt === this.calls) {
          if (options.accepted) accept();
          return new Promise<Delivery>(() => {}); // the process is gone: this never returns
        }
        accept();
        return { ok: true };
      },
    };
  }
}

/** A second, third… process on the same store: its own runner, holder name and notifier. */
function processOn(store: UnitOfWork, holder: string, notifier: Notifier, leaseClock: ManualClock): JobRunner {
  return new JobRunner({ registry: JOBS, store, notifier, config: DEFAULT_CORE_CONFIG, logger: new RecordingLogger(), holder, leaseClock });
}

/** Posts due: twenty manual-renewal services of alice expiring in 5 days and the demo's vps-demo-1, each in two channels. */
const TOTAL = 42;

/** Twenty manual-renewal services of alice expiring in 5 days, subscribed in two channels. */
async function twentyDue(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await saveService(h, aService(`claim-${String(i).padStart(2, '0')}`, { expiresAt: new Date(Date.parse(DEMO_NOW) + 5 * DAY).toISOString() }));
  }
  await h.run('@alice /reminders subscribe renewal');
  await h.uow.run(async (tx) => {
    tx.reminders.subscribe({ account: 'alice-ovh', channel: 'slack:T1/C-OPS', types: ['renewal'], by: 'test', at: DEMO_NOW });
    return { commit: true, result: undefined };
  });
}

const dupes = (list: string[]) => list.filter((x, i) => list.indexOf(x) !== i);

for (const kind of ['one store shared in memory', 'PostgreSQL, one connection pool per process'] as const) {
const pg = kind.startsWith('PostgreSQL');
/** The first process's store, and a second process's: the same engine in memory, or its own engine on the same PostgreSQL database. */
async function stores(): Promise<[UnitOfWork, UnitOfWork]> {
  if (!pg) {
    h = await makeHarness();
    return [h.uow, h.uow];
  }
  db = await createDatabase('claims');
  h = await makeHarness({ uri: db.uri });
  const second = await makeHarness({ uri: db.uri, demo: false });
  more.push(second);
  return [h.uow, second.uow];
}

describe.skipIf(pg && !POSTGRES_URL)(`reminders across processes (${kind})`, () => {
  it('GIVEN two processes sweeping the same store at once WHEN reminders are due THEN each reminder reaches each channel once, the second process leaving what the first claimed', async () => {
    const [sa, sb] = await stores();
    await twentyDue();
    const platform = new Platform();
    const clock = new ManualClock(DEMO_NOW);
    const a = processOn(sa, 'A', platform.notifier(), clock);
    const b = processOn(sb, 'B', platform.notifier(), clock);
    const [ra, rb] = await Promise.all([a.runNow(h.clock.now()), b.runNow(h.clock.now())]);
    const renewal = platform.accepted.filter((x) => x.includes('Renewal due: claim-'));
    expect(dupes(platform.accepted)).toEqual([]);
    expect(renewal).toHaveLength(40);
    expect(platform.accepted).toHaveLength(TOTAL);
    expect((ra.counts['reminders-sent'] ?? 0) + (rb.counts['reminders-sent'] ?? 0)).toBe(platform.accepted.length);
    expect((ra.counts['reminders-claimed-elsewhere'] ?? 0) + (rb.counts['reminders-claimed-elsewhere'] ?? 0)).toBeGreaterThan(0);
    const again = await Promise.all([a.runNow(h.clock.now()), b.runNow(h.clock.now())]);
    expect(again.map((r) => r.counts['reminders-sent'] ?? 0)).toEqual([0, 0]);
    // Released claims are kept (a deleted one would read as never taken), then purged once their entry is two days old.
    const claims = () => sa.run(async (tx) => ({ commit: false, result: (await Promise.all(renewalClaims.map((n) => tx.leases.get(n)))).filter(Boolean) }));
    const renewalClaims = (await h.engine.range('lease:reminder:', 'lease:reminder:\uffff', { limit: 1000 })).map((r) => r.key.slice('lease:'.length));
    expect(renewalClaims.length).toBeGreaterThan(20);
    expect((await claims()).every((c) => c!.state === 'released')).toBe(true);
    clock.advance(2 * DAY - 1);
    await a.runNow(h.clock.now());
    expect(await claims()).toHaveLength(renewalClaims.length);
    clock.advance(2);
    await a.runNow(h.clock.now());
    expect(await claims()).toEqual([]);
  });

  it('GIVEN a process that stops for good while posting (before the platform accepted) WHEN its claim lapses THEN another process posts what it left, and nothing twice', async () => {
    const [sa, sb] = await stores();
    await twentyDue();
    const platform = new Platform();
    const clock = new ManualClock(DEMO_NOW);
    const dying = platform.notifier({ hangAt: 3 });
    void processOn(sa, 'A', dying, clock).runNow(h.clock.now());
    while (dying.calls < 3) await new Promise((r) => setTimeout(r, 2));
    const b = processOn(sb, 'B', platform.notifier(), clock);
    const first = await b.runNow(h.clock.now());
    expect(first.counts['reminders-claimed-elsewhere']).toBe(1);
    expect(platform.accepted).toHaveLength(TOTAL - 2); // the entry it was posting: neither of its two channels yet
    clock.advance(CLAIM_TTL_MS - 1);
    expect((await b.runNow(h.clock.now())).counts['reminders-claimed-elsewhere']).toBe(1);
    clock.advance(2);
    const after = await b.runNow(h.clock.now());
    expect(after.counts['reminders-sent']).toBeGreaterThan(0);
    expect(platform.accepted).toHaveLength(TOTAL);
    expect(dupes(platform.accepted)).toEqual([]);
  });

  it('GIVEN a process killed after the platform accepted a post and before its mark committed WHEN another takes over THEN only that one post is repeated, with the same delivery key (the one Discord’s nonce deduplicates on, for a few minutes)', async () => {
    const [sa, sb] = await stores();
    await twentyDue();
    const platform = new Platform();
    const clock = new ManualClock(DEMO_NOW);
    const dying = platform.notifier({ hangAt: 1, accepted: true });
    void processOn(sa, 'A', dying, clock).runNow(h.clock.now());
    while (dying.calls < 1) await new Promise((r) => setTimeout(r, 2));
    const b = processOn(sb, 'B', platform.notifier(), clock);
    await b.runNow(h.clock.now());
    clock.advance(CLAIM_TTL_MS + 1);
    await b.runNow(h.clock.now());
    expect(platform.accepted).toHaveLength(TOTAL + 1);
    expect(dupes(platform.accepted)).toHaveLength(1);
    const twice = platform.accepted.flatMap((x, i) => (x === dupes(platform.accepted)[0] ? [platform.keys[i]] : []));
    expect(twice).toHaveLength(2);
    expect(twice[0]).toMatch(/^renewal.*>(slack|console|discord):/);
    expect(twice[1]).toBe(twice[0]);
    expect(new Set(platform.keys).size).toBe(TOTAL);
  });
});
}

describe.skipIf(!POSTGRES_URL)('a reminder claim between two processes on PostgreSQL', () => {
  it('GIVEN a process that read "no claim yet" for a deletion notice and then waited WHEN another claims, posts, marks and releases it meanwhile THEN the first one\'s claim fails and it posts nothing again', async () => {
    db = await createDatabase('claimaba');
    h = await makeHarness({ uri: db.uri, demo: false });
    // A one-off notice (a deleted service): its owner keeps no schedule record, so only the claim orders the two processes.
    await saveService(h, { ...aService('aba-1', { expiresAt: DEMO_NOW }), state: 'deleted', deletedAt: DEMO_NOW });
    await h.uow.run(async (tx) => {
      queueNotice(tx, { at: DEMO_NOW, kind: DELETION_NOTICE.renewal, ref: 'not-renewed:aba-1' }, `deleted:aba-1:${DEMO_NOW}`, []);
      tx.links.put({ chatUser: 'console:local/alice', account: 'alice-ovh', linkedBy: 'test', linkedAt: DEMO_NOW });
      tx.accounts.put({ id: 'alice-ovh', name: 'Alice', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: null, backupEmail: null, twoFactor: false, closedAt: null, paymentMethods: [] });
      tx.reminders.subscribe({ account: 'alice-ovh', channel: 'slack:T1/C-OPS', types: ['renewal'], by: 'test', at: DEMO_NOW });
      return { commit: true, result: undefined };
    });
    // Process B's store holds its claim commit until told: B has read "no claim" and "no marks" by then.
    let held: (() => void) | undefined;
    const gate = new Promise<void>((r) => (held = r));
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    const b = await makeHarness({
      uri: db.uri, demo: false,
      wrap: (engine) => ({
        read: (key) => engine.read(key),
        readMany: (keys) => engine.readMany(keys),
        range: (from, to, o) => engine.range(from, to, o),
        close: () => engine.close(),
        commit: async (request) => {
          const claims = [...request.writes.entries()].some(([k, v]) => k.startsWith('lease:reminder:') && (writtenDoc(v) as { holder?: string } | null)?.holder === 'B');
          if (claims && held) { reached(); await gate; }
          return engine.commit(request);
        },
      }),
    });
    more.push(b);
    const platform = new Platform();
    const clock = new ManualClock(DEMO_NOW);
    const runB = processOn(b.uow, 'B', platform.notifier(), clock).runNow(h.clock.now());
    await atGate;
    await processOn(h.uow, 'A', platform.notifier(), clock).runNow(h.clock.now());
    expect(platform.accepted).toHaveLength(1);
    const release = held!;
    held = undefined;
    release();
    await runB;
    expect(platform.accepted).toHaveLength(1);
  });
});
