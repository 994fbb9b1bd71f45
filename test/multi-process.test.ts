import { afterEach, describe, expect, it } from 'vitest';
import { openEngine } from '../adapters/store/open-store.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { seedDemo } from '../src/demo/demo-data.js';
import { startBot, type BotProcess } from './support/crash-bot.js';
import { checkStore } from './support/crash-invariants.js';
import { burst, OPERATOR, seedCrashData, type Workload } from './support/crash-workload.js';
import { duplicateViolations, FleetClients } from './support/fleet.js';
import { createDatabase, POSTGRES_URL } from './support/postgres.js';
import { seeded } from './support/prng.js';
import { SIGNING_SECRET } from './support/slack-bed.js';
import { FAKE_TEAM, FakeSlack } from './support/slack-fake.js';

/** Seed of every client's choices and of the duplicates; set FLEET_SEED to replay a failure. */
const SEED = Number(process.env.FLEET_SEED ?? 13_2026);
/** Commands sent in all. */
const TOTAL = Number(process.env.FLEET_COMMANDS ?? 360);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!POSTGRES_URL)('Several Guichet processes on one PostgreSQL database', () => {
  it('GIVEN three Slack HTTP processes sharing a PostgreSQL store and a load spread over them, one command in ten delivered again to another process WHEN one process is killed with SIGKILL in the middle THEN the others keep serving, each duplicate is applied once and answered "Already done", and every wallet, order, voucher, contact change, audit entry and invocation record is whole', async () => {
    const db = await createDatabase('fleet');
    cleanups.push(() => db.drop());
    const engine = await openEngine(db.uri);
    const uow = new DocumentUnitOfWork(engine);
    await uow.run(async (tx) => {
      await seedDemo(tx, new Date());
      await seedCrashData(tx, new Date());
      return { commit: true, result: undefined };
    });
    await uow.close();

    const fake = await FakeSlack.start();
    cleanups.push(() => fake.close());
    const env = {
      GUICHET_STORE: db.uri, GUICHET_DEMO_DATA: 'off', GUICHET_OPERATORS: `slack:${FAKE_TEAM}/${OPERATOR}`, GUICHET_RATE_LIMIT: '0', LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-fleet-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0',
    };
    const bots: BotProcess[] = await Promise.all([0, 1, 2].map(() => startBot(env)));
    for (const bot of bots) cleanups.push(() => { bot.child.kill('SIGKILL'); });
    const clients = new FleetClients(fake, bots, TOTAL, seeded(SEED));
    cleanups.push(() => clients.close());
    const w: Workload = { clients, seed: SEED, codes: [], issued: 0, nextService: 0 };

    const work = burst(w, 1);
    while (clients.answered < TOTAL / 2 && !bots[1]!.dead()) await sleep(2);
    bots[1]!.child.kill('SIGKILL');
    await bots[1]!.exited;
    const atKill = [...clients.answeredBy];
    await work;

    // The two others served the second half on their own.
    expect(clients.answeredBy[0]! - atKill[0]!).toBeGreaterThan(20);
    expect(clients.answeredBy[2]! - atKill[2]!).toBeGreaterThan(20);
    for (const bot of [bots[0]!, bots[2]!]) {
      expect(bot.dead()).toBe(false);
      expect(bot.stderr(), 'no process fails').not.toContain('"level":50');
      bot.child.kill('SIGTERM');
    }
    await Promise.all([bots[0]!.exited, bots[2]!.exited]);
    expect([bots[0]!.child.exitCode, bots[2]!.child.exitCode]).toEqual([0, 0]);

    const dupes = clients.duplicates.filter((d) => d.answers.every((a) => a !== undefined));
    expect(dupes.length).toBeGreaterThan(TOTAL / 20);
    expect(duplicateViolations(clients.duplicates)).toEqual([]);
    const check = await checkStore(db.uri, clients.sent);
    expect(check.violations, `seed ${SEED}`).toEqual([]);
    expect(check.counts.delivered).toBeGreaterThan(0);
    expect(check.counts.movements).toBeGreaterThan(0);
    expect(check.counts.activated).toBeGreaterThan(0);
    expect(check.counts.applied).toBeGreaterThan(0);
  }, 300_000);
});
