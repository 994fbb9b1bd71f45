import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { seedDemo } from '../src/demo/demo-data.js';
import { SlackClients, startBot, type BotProcess, type Sent } from './support/crash-bot.js';
import { checkStore } from './support/crash-invariants.js';
import { burst, OPERATOR, seedCrashData, type Workload } from './support/crash-workload.js';
import { seeded } from './support/prng.js';
import { SIGNING_SECRET } from './support/slack-bed.js';
import { FAKE_TEAM, FakeSlack } from './support/slack-fake.js';

/** Seed of the kill points and of every client's choices; set CRASH_SEED to replay a failure. */
const SEED = Number(process.env.CRASH_SEED ?? 9_2026);
/** Kill points (rounds of start, burst, SIGKILL, check). */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Crash safety', () => {
  it('GIVEN the bot on a SQLite file serving a burst of buys, payments, vouchers, charges and contact changes from seven Slack users WHEN it is killed with SIGKILL at seeded random moments and restarted each time THEN every wallet, order, voucher, contact change, audit entry and invocation record is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'guichet.sqlite');
    const engine = await KeyvSqliteEngine.open({ uri: `sqlite://${file}` });
    const uow = new DocumentUnitOfWork(engine);
    await uow.run(async (tx) => {
      await seedDemo(tx, new Date());
      await seedCrashData(tx, new Date());
      return { commit: true, result: undefined };
    });
    await uow.close();

    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const clients = new SlackClients(fake);
    cleanups.push(() => clients.close());
    const env = {
      GUICHET_STORE: `sqlite://${file}`, GUICHET_OPERATORS: `slack:${FAKE_TEAM}/${OPERATOR}`, GUICHET_RATE_LIMIT: '0', LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-crash-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0',
    };
    const w: Workload = { clients, seed: SEED, codes: [], issued: 0, nextService: 0 };
    const pick = seeded(SEED);
    let unanswered: Sent[] = [];
    let last = { delivered: 0, movements: 0, activated: 0, applied: 0, retried: 0 };

    for (let round = 1; round <= ROUNDS; round++) {
      const bot: BotProcess = await startBot(env);
      cleanups.push(() => { bot.child.kill('SIGKILL'); });
      clients.attach(bot);
      // Slack redelivers what the killed process never answered, with the same trigger (invocation) IDs.
      await Promise.all(unanswered.map((s) => clients.send(s.user, s.command, s.text, round, s.trigger)));
      last.retried += unanswered.length;
      const killAfter = 15 + Math.floor(pick() * 45);
      const jitterMs = Math.floor(pick() * 25);
      const work = burst(w, round);
      const deadline = Date.now() + 20_000; // a stalled burst is killed anyway (and checked just the same)
      while (clients.answered < killAfter && !bot.dead() && Date.now() < deadline) await sleep(2);
      await sleep(jitterMs);
      bot.child.kill('SIGKILL');
      await bot.exited;
      await work;
      expect(bot.stderr(), 'the bot must not fail before it is killed').not.toContain('"level":50');
      unanswered = [...clients.sent.values()].filter((s) => s.answer === undefined);

      const check = await checkStore(file, clients.sent);
      expect(check.violations, `seed ${SEED}, round ${round} (killed after ${killAfter} replies + ${jitterMs} ms)`).toEqual([]);
      last = { ...check.counts, retried: last.retried };
    }
    // The burst really exercised every kind of change (otherwise the invariants above prove little).
    expect(last.delivered).toBeGreaterThan(0);
    expect(last.movements).toBeGreaterThan(0);
    expect(last.activated).toBeGreaterThan(0);
    expect(last.applied).toBeGreaterThan(0);
    expect(last.retried).toBeGreaterThan(0);
  });
});
