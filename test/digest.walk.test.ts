import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, POSTGRES_URL, type TestDatabase } from './support/postgres.js';
import type { CoreConfig } from '../src/core/config.js';
import type { Reply } from '../src/core/reply.js';
import { isoWeekOf } from '../src/domain/digest.js';
import { partsIn } from '../src/domain/time.js';
import { consoleUser, DEMO_NOW, makeHarness, type Harness } from './support/harness.js';

const HOUR = 3_600_000;
const STEP = 3 * HOUR;
const WEEKS = 9;
const TZ = 'America/New_York';
/** Wednesdays 18:30 in New York: Thursday 23:30 or 22:30 UTC. */
const CONFIG: Partial<CoreConfig> = { timeZone: TZ, digest: { weekday: 3, hour: 18, minute: 30 } };
const ALICE = ['console:local/alice-ops', 'console:local/alice-board'];
const ERIN = 'console:local/erin-ops';
const PLAIN = 'console:local/general';

interface Seen { at: number; channel: string; title: string; files?: string[] }

function recordPosts(h: Harness, seen: Seen[], withFiles = false): void {
  const post = h.notifier.post.bind(h.notifier);
  h.notifier.post = async (channel: string, message: Reply) => {
    const d = await post(channel, message);
    if (d.ok) seen.push({ at: h.clock.now().getTime(), channel, title: message.title ?? '', ...(withFiles ? { files: (message.files ?? []).map((f) => f.name.replace(/-\d{4}-\d{2}\.png$/, '')) } : {}) });
    return d;
  };
}

async function typed(h: Harness, user: string, channel: string, line: string): Promise<Reply> {
  const [command, ...rest] = line.split(' ');
  return h.core.handle({ id: randomUUID(), user: consoleUser(user), channel, command: command!, input: { kind: 'text', text: rest.join(' ') } });
}

/** Whether the account's overview needs anyone at the harness's current time (the oracle's view of the store). */
async function needs(h: Harness, account: string): Promise<boolean> {
  return (await h.core.overviewOfAccount(account))?.needsAnyone ?? false;
}

describe('the weekly digest over several simulated weeks', () => {
  it('GIVEN channels subscribed to the digest of an account that needs someone (with a voucher on pc-demo) and of one that needs nobody WHEN the jobs run every 3 hours for 9 weeks with restarts, two weeks of them without an image renderer THEN each channel gets exactly one digest per week that needs someone, on Wednesday after 18:30 New York time, with pc-demo’s credit chart when a renderer is wired, and none otherwise', async () => {
    let h = await makeHarness({ engine: 'sqlite', config: CONFIG });
    const file = h.file!;
    const dir = h.dir;
    const seen: Seen[] = [];
    recordPosts(h, seen, true);
    expect((await h.run('@alice /voucher activate WELCOME-50 pc-demo')).tone).toBe('success');
    let charts = true;
    await h.uow.run(async (tx) => {
      tx.accounts.put({ ...(await tx.accounts.get('bob-ovh'))!, id: 'erin-ovh', name: 'Erin Empty', email: 'erin@example.com', paymentMethods: [] });
      await tx.links.put({ chatUser: 'console:local/erin', account: 'erin-ovh', linkedBy: 'test', linkedAt: DEMO_NOW });
      return { commit: true, result: undefined };
    });
    for (const channel of ALICE) expect((await typed(h, 'alice', channel, 'reminders subscribe digest')).tone).toBe('success');
    expect((await typed(h, 'erin', ERIN, 'reminders subscribe digest')).tone).toBe('success');
    expect((await typed(h, 'alice', PLAIN, 'reminders subscribe')).tone).toBe('success');

    const expected: Seen[] = [];
    const start = Date.parse(DEMO_NOW);
    let lastWeek = '';
    for (let r = start + STEP; r <= start + WEEKS * 7 * 24 * HOUR; r += STEP) {
      if ((r - start) % (2 * 7 * 24 * HOUR) === 0) {
        await h.uow.close();
        // The process restarted at week 4 runs without an image renderer until the next restart.
        charts = r - start !== 4 * 7 * 24 * HOUR;
        h = await makeHarness({ file, demo: false, now: new Date(r).toISOString(), config: CONFIG, ...(charts ? {} : { images: null }) });
        recordPosts(h, seen, true);
      }
      h.clock.set(new Date(r));
      await h.jobs.runNow(h.clock.now());
      // The oracle: the first run at or after Wednesday 18:30 (New York) of each week posts when the account needs someone.
      const local = partsIn(new Date(r), TZ);
      const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
      const week = isoWeekOf(new Date(r), TZ);
      if (weekday === 3 && local.hour * 60 + local.minute >= 18 * 60 + 30 && week !== lastWeek) {
        lastWeek = week;
        if (await needs(h, 'alice-ovh')) for (const channel of ALICE) expected.push({ at: r, channel, title: `Weekly digest of alice-ovh (${week})`, files: charts ? ['credit-pc-demo'] : [] });
        expect(await needs(h, 'erin-ovh')).toBe(false);
      }
    }
    await h.uow.close();
    if (dir) (await import('node:fs')).rmSync(dir, { recursive: true, force: true });

    const digests = seen.filter((p) => p.title.startsWith('Weekly digest'));
    const line = (p: Seen) => `${new Date(p.at).toISOString()} ${p.channel} ${p.title} [${(p.files ?? []).join(', ')}]`;
    expect(expected.length).toBeGreaterThanOrEqual(2 * ALICE.length);
    // Both cases are walked: digests with the chart, and digests of the weeks without a renderer.
    expect(expected.some((p) => p.files!.length === 0) && expected.some((p) => p.files!.length === 1)).toBe(true);
    expect(digests.map(line).sort()).toEqual(expected.map(line).sort());
    // Never twice in a week for a channel; never to the account that needs nobody, nor to the plain subscription.
    expect(new Set(digests.map((p) => `${p.channel} ${p.title}`)).size).toBe(digests.length);
    expect(digests.some((p) => p.channel === ERIN || p.channel === PLAIN)).toBe(false);
    for (const p of digests) {
      const local = partsIn(new Date(p.at), TZ);
      expect(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay(), line(p)).toBe(3);
      expect(local.hour * 60 + local.minute, line(p)).toBeGreaterThanOrEqual(18 * 60 + 30);
    }
  }, 120_000);
});

describe('/reminders unsubscribe digest', () => {
  it('GIVEN two channels subscribed to the digest WHEN one unsubscribes, then the other THEN the next digest goes to the other only, then to none, and its entry is dropped', async () => {
    const h = await makeHarness({ config: CONFIG });
    const seen: Seen[] = [];
    recordPosts(h, seen);
    for (const channel of ALICE) await typed(h, 'alice', channel, 'reminders subscribe digest renewal');
    const preview = await h.text('/reminders preview');
    expect(preview).toContain('Weekly digest of alice-ovh (2026-W48), if something needs someone');
    expect(preview).toContain('Weekly digest of alice-ovh (2026-W49), if something needs someone');
    const runUntil = async (iso: string) => {
      h.clock.set(new Date(iso));
      await h.jobs.runNow(h.clock.now());
    };
    const digestsTo = () => seen.filter((p) => p.title.startsWith('Weekly digest')).map((p) => `${p.channel} ${p.title}`);
    await runUntil('2026-11-26T00:00:00Z');
    expect(digestsTo().sort()).toEqual(ALICE.map((c) => `${c} Weekly digest of alice-ovh (2026-W48)`).sort());
    const off = await typed(h, 'alice', ALICE[1]!, 'reminders unsubscribe digest');
    expect(off.tone).toBe('success');
    await runUntil('2026-12-03T00:00:00Z');
    expect(digestsTo().slice(2)).toEqual([`${ALICE[0]} Weekly digest of alice-ovh (2026-W49)`]);
    await typed(h, 'alice', ALICE[0]!, 'reminders unsubscribe digest');
    await runUntil('2026-12-10T00:00:00Z');
    expect(digestsTo()).toHaveLength(3);
    const left = await h.uow.run(async (tx) => ({ commit: false, result: await tx.schedules.get('digest:alice-ovh') }));
    expect(left).toEqual([]);
    // The renewal reminders of those channels go on.
    expect((await h.text('/reminders list'))).toMatch(/alice-board.*renewal/);
    await h.close();
  });
});

describe('GUICHET_DIGEST changed between two runs', () => {
  it('GIVEN a digest scheduled for Monday 09:00 WHEN the process restarts with fri 17:00 THEN nothing is posted on Monday and the week’s digest goes out on Friday 17:00, once', async () => {
    let h = await makeHarness({ engine: 'sqlite', config: { timeZone: 'Europe/Paris' } });
    const file = h.file!;
    const dir = h.dir;
    await typed(h, 'alice', ALICE[0]!, 'reminders subscribe digest');
    await h.uow.close();
    const friday = { timeZone: 'Europe/Paris', digest: { weekday: 5, hour: 17, minute: 0 } };
    h = await makeHarness({ file, demo: false, config: friday });
    const seen: Seen[] = [];
    recordPosts(h, seen);
    for (const at of ['2026-11-30T08:00:00Z', '2026-12-04T15:59:00Z', '2026-12-04T16:00:00Z', '2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z']) {
      h.clock.set(new Date(at));
      await h.jobs.runNow(h.clock.now());
    }
    await h.uow.close();
    if (dir) (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    expect(seen.filter((p) => p.title.startsWith('Weekly digest')).map((p) => `${new Date(p.at).toISOString()} ${p.title}`)).toEqual([
      '2026-12-04T16:00:00.000Z Weekly digest of alice-ovh (2026-W49)',
    ]);
  });
});

describe.skipIf(!POSTGRES_URL)('the weekly digest with two processes on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => db?.drop());

  it('GIVEN two processes on one database running the jobs at the same moments WHEN 4 weeks pass THEN each channel gets exactly one digest per week between them', async () => {
    db = await createDatabase('digest2');
    const a = await makeHarness({ uri: db.uri, config: CONFIG });
    const b = await makeHarness({ uri: db.uri, config: CONFIG, demo: false });
    const seen: Seen[] = [];
    recordPosts(a, seen);
    recordPosts(b, seen);
    for (const channel of ALICE) await typed(a, 'alice', channel, 'reminders subscribe digest');
    const start = Date.parse(DEMO_NOW);
    for (let r = start + 6 * HOUR; r <= start + 28 * 24 * HOUR; r += 6 * HOUR) {
      a.clock.set(new Date(r));
      b.clock.set(new Date(r));
      await Promise.all([a.jobs.runNow(a.clock.now()), b.jobs.runNow(b.clock.now())]);
    }
    await a.close();
    await b.close();
    const digests = seen.filter((p) => p.title.startsWith('Weekly digest')).map((p) => `${p.channel} ${p.title}`).sort();
    const weeks = ['2026-W48', '2026-W49', '2026-W50', '2026-W51'];
    expect(digests).toEqual(ALICE.flatMap((c) => weeks.map((w) => `${c} Weekly digest of alice-ovh (${w})`)).sort());
  }, 120_000);
});
