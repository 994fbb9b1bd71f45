import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../src/core/reply.js';
import type { Service } from '../../src/domain/service.js';
import { consoleUser, DEMO_NOW, makeHarness, type Harness } from './harness.js';
import { aService, saveService } from './renewal.js';
import { seeded as prng } from './prng.js';

const DAY = 86_400_000;
/** Time between two job runs in the walk. */
export const STEP = 6 * 3_600_000;

/** A post as the platform accepted it, with the simulated time. */
export interface Post {
  readonly at: number;
  readonly channel: string;
  readonly title: string;
}

/** Options of a walk through simulated time. */
export interface WalkOptions {
  readonly engine: 'memory' | 'sqlite' | 'postgres';
  /** The test database, for `postgres`. */
  readonly uri?: string;
  /** How many processes (each its own engine on the store at `uri`) run the jobs at each step, at once; 1 by default. */
  readonly processes?: number;
  readonly days: number;
  /** Day at which the process stops and a new core opens the same store. */
  readonly restartAtDay?: number;
  /** Every n-th delivery attempt fails. */
  readonly failEvery?: number;
}

/** What a walk observed, and what the rules of SPEC §3 say should have been posted. */
export interface WalkResult {
  readonly posts: Post[];
  readonly expected: Post[];
  readonly failures: number;
  readonly lifecycle: Record<string, number>;
}


const SUBSCRIPTIONS: { user: string; channel: string; types: string }[] = [
  { user: 'alice', channel: 'console:local/general', types: '' },
  { user: 'alice', channel: 'slack:T1/C-ALICE', types: 'renewal' },
  { user: 'bob', channel: 'console:local/general', types: '' },
  { user: 'carol', channel: 'discord:G1/C-CAROL', types: 'renewal termination' },
  { user: 'dave', channel: 'slack:T1/C-DAVE', types: 'termination' },
];
const TYPES_ALL = ['renewal', 'termination'];
/** Dave's account is in French, so his channel gets French reminders. */
const FRENCH = new Set(['slack:T1/C-DAVE']);
const TITLES = {
  renewal: { en: 'Renewal due: ', fr: 'Renouvellement à faire : ' },
  termination: { en: 'Termination at expiry: ', fr: 'Résiliation à l’échéance : ' },
  failed: { en: 'Automatic renewal failed: ', fr: 'Échec du renouvellement automatique : ' },
  grace: { en: 'Suspended service to be deleted: ', fr: 'Service suspendu bientôt supprimé : ' },
};
const titleOf = (kind: keyof typeof TITLES, id: string, channel: string) => `${TITLES[kind][FRENCH.has(channel) ? 'fr' : 'en']}${id}`;
/** Deletion notices: `ID deleted` (not renewed, or grace period over) go to renewal channels, `ID terminated` to termination ones. */
const deletionTitle = (terminated: boolean, id: string, channel: string) =>
  `${id} ${FRENCH.has(channel) ? (terminated ? 'résilié' : 'supprimé') : terminated ? 'terminated' : 'deleted'}`;
/** Days a suspended service waits before deletion (GUICHET_GRACE_DAYS default), and the reminders before it. */
const GRACE_DAYS = 14;
const GRACE_THRESHOLDS = [7, 1];
const PAYERS = ['alice-ovh', 'carol-ovh', 'dave-ovh'];

/** Services generated for the walk: every mode, several periods, several contacts (bob has no payment method). */
function generated(rand: () => number, start: number): Service[] {
  const accounts = ['alice-ovh', 'bob-ovh', 'carol-ovh', 'dave-ovh'];
  const out: Service[] = [];
  for (let i = 0; i < 40; i++) {
    const admin = accounts[Math.floor(rand() * 4)]!;
    const billing = rand() < 0.7 ? admin : accounts[Math.floor(rand() * 4)]!;
    const mode = (['manual', 'manual', 'automatic', 'cancel'] as const)[Math.floor(rand() * 4)]!;
    const expiresAt = new Date(start + Math.floor((3 + rand() * 200) * DAY) + Math.floor(rand() * 24) * 3_600_000 + 17 * 60_000).toISOString();
    const periodMonths = [1, 1, 3, 12][Math.floor(rand() * 4)]!;
    out.push(aService(`gen-${String(i).padStart(2, '0')}`, { expiresAt, mode, periodMonths, owner: admin, contacts: { admin, billing, tech: admin } }));
  }
  return out;
}

async function snapshot(h: Harness): Promise<Service[]> {
  return h.uow.run(async (tx) => {
    const all: Service[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await tx.services.list(after, 500);
      all.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    return { commit: false, result: all };
  });
}

function run(h: Harness, user: string, text: string, channel = 'console:local/general'): Promise<Reply> {
  const [command, ...rest] = text.split(' ');
  return h.core.handle({ id: randomUUID(), user: consoleUser(user), channel, command: command!, input: { kind: 'text', text: rest.join(' ') } });
}

/** The channels that get reminders of a type for a service (contacts' and owner's subscriptions, deduplicated). */
function channelsFor(s: Service, type: string): string[] {
  const accounts = new Set([s.owner, s.contacts.admin, s.contacts.billing, s.contacts.tech]);
  const users = Object.entries({ alice: 'alice-ovh', bob: 'bob-ovh', carol: 'carol-ovh', dave: 'dave-ovh' }).filter(([, a]) => accounts.has(a)).map(([u]) => u);
  const subs = SUBSCRIPTIONS.filter((x) => users.includes(x.user) && (x.types === '' ? TYPES_ALL : x.types.split(' ')).includes(type));
  return [...new Set(subs.map((x) => x.channel))];
}

/**
 * The oracle of the reminder rules: at each run, the most urgent threshold reached is due once per service and expiry;
 * a suspended service (automatic renewal failed) is reminded 7 and 1 days before the end of its grace period.
 */
function expectedAt(r: number, services: Service[], sent: Set<string>): Post[] {
  const out: Post[] = [];
  for (const s of services) {
    const rn = s.renewal;
    if (rn && s.state === 'expired') {
      const end = Date.parse(rn.expiresAt) + GRACE_DAYS * DAY;
      const reached = GRACE_THRESHOLDS.filter((d) => r >= end - d * DAY);
      const key = `${s.id}|grace|${rn.expiresAt}|${Math.min(...reached)}`;
      if (r < end && reached.length > 0 && !sent.has(key)) {
        sent.add(key);
        for (const channel of channelsFor(s, 'renewal')) out.push({ at: r, channel, title: titleOf('grace', s.id, channel) });
      }
    }
    if (!rn || s.state !== 'active' || (rn.mode !== 'manual' && rn.mode !== 'cancel')) continue;
    const exp = Date.parse(rn.expiresAt);
    if (r >= exp) continue;
    const thresholds = rn.mode === 'manual' ? [30, 14, 7, 3, 1] : [7, 1];
    const reached = thresholds.filter((d) => r >= exp - d * DAY);
    if (reached.length === 0) continue;
    const key = `${s.id}|${rn.mode}|${rn.expiresAt}|${Math.min(...reached)}`;
    if (sent.has(key)) continue;
    sent.add(key);
    const type = rn.mode === 'manual' ? 'renewal' : 'termination';
    for (const channel of channelsFor(s, type)) out.push({ at: r, channel, title: titleOf(rn.mode === 'manual' ? 'renewal' : 'termination', s.id, channel) });
  }
  return out;
}

/** Walks the demo data plus generated services through `days` days, running the jobs every 6 hours. */
export async function walk(o: WalkOptions): Promise<WalkResult> {
  const rand = prng(20261123);
  const start = Date.parse(DEMO_NOW);
  if (o.engine === 'postgres' && !o.uri) throw new Error('a postgres walk needs the test database URI');
  let h = await makeHarness(o.uri ? { uri: o.uri } : { engine: o.engine as 'memory' | 'sqlite' });
  const others: Harness[] = [];
  for (let i = 1; i < (o.processes ?? 1); i++) {
    if (!o.uri) throw new Error('several processes need a shared store URI');
    others.push(await makeHarness({ uri: o.uri, demo: false }));
  }
  const file = h.file;
  const posts: Post[] = [];
  const expected: Post[] = [];
  const lifecycle: Record<string, number> = {};
  let attempts = 0;
  let failures = 0;
  const instrument = (x: Harness) => {
    if (o.failEvery) x.notifier.failWhen = () => (++attempts % o.failEvery! === 0 ? (failures++, 'simulated outage') : undefined);
    const post = x.notifier.post.bind(x.notifier);
    x.notifier.post = async (channel, message) => {
      const d = await post(channel, message);
      if (d.ok) posts.push({ at: x.clock.now().getTime(), channel, title: message.title ?? '' });
      return d;
    };
  };
  instrument(h);
  others.forEach(instrument);
  for (const s of generated(rand, start)) await saveService(h, s);
  for (const sub of SUBSCRIPTIONS) await run(h, sub.user, `reminders subscribe ${sub.types}`.trim(), sub.channel);
  const plans = new Map<string, { pay: boolean; lead: number; switchTo?: 'manual' | 'cancel' | 'automatic' }>();
  const sent = new Set<string>();
  for (let r = start; r <= start + o.days * DAY; r += STEP) {
    if (o.restartAtDay !== undefined && r === start + o.restartAtDay * DAY) {
      await h.uow.close();
      h = await makeHarness({ ...(o.uri ? { uri: o.uri } : { file: file! }), demo: false, now: new Date(r).toISOString() });
      instrument(h);
    }
    h.clock.set(new Date(r));
    for (const x of others) x.clock.set(new Date(r));
    for (const s of await snapshot(h)) {
      const rn = s.renewal;
      if (!rn || s.state !== 'active' || Date.parse(rn.expiresAt) <= r) continue;
      const cycle = `${s.id}|${rn.expiresAt}`;
      if (!plans.has(cycle)) {
        const x = rand();
        plans.set(cycle, { pay: x < 0.6, lead: [25, 10, 5, 2, 0.3][Math.floor(rand() * 5)]!, ...(x > 0.85 ? { switchTo: (['manual', 'cancel', 'automatic'] as const)[Math.floor(rand() * 3)]! } : {}) });
      }
      const plan = plans.get(cycle)!;
      const left = (Date.parse(rn.expiresAt) - r) / DAY;
      if (left > plan.lead) continue;
      const admin = s.contacts.admin.replace('-ovh', '');
      if (plan.switchTo && plan.switchTo !== rn.mode) {
        const verb = plan.switchTo === 'manual' ? 'manual' : plan.switchTo === 'automatic' ? 'auto' : 'cancel';
        await run(h, admin, `renew ${verb} ${s.id}${verb === 'cancel' ? ' changing provider' : ''}`);
        plan.switchTo = undefined;
      } else if (plan.pay && rn.mode === 'manual' && PAYERS.includes(s.contacts.billing)) {
        await run(h, s.contacts.billing.replace('-ovh', ''), `renew pay ${s.id} --yes`);
        plan.pay = false;
      }
    }
    const before = await snapshot(h);
    expected.push(...expectedAt(r, before, sent));
    const reports = await Promise.all([h, ...others].map((x) => x.jobs.runNow(x.clock.now())));
    for (const report of reports) {
      for (const [k, v] of Object.entries(report.counts)) if (['renewed', 'expired', 'deleted'].includes(k)) lifecycle[k] = (lifecycle[k] ?? 0) + v;
    }
    const after = new Map((await snapshot(h)).map((s) => [s.id, s]));
    for (const s of before) {
      if (s.state === 'active' && after.get(s.id)?.state === 'expired') {
        for (const channel of channelsFor(s, 'renewal')) expected.push({ at: r, channel, title: titleOf('failed', s.id, channel) });
      }
      if (s.state !== 'deleted' && after.get(s.id)?.state === 'deleted') {
        // Deletion notices (new rule): a termination to termination channels, a service not renewed to renewal channels.
        const terminated = s.state === 'active' && s.renewal?.mode === 'cancel';
        for (const channel of channelsFor(s, terminated ? 'termination' : 'renewal')) expected.push({ at: r, channel, title: deletionTitle(terminated, s.id, channel) });
      }
    }
  }
  for (const x of others) await x.close();
  await h.close();
  return { posts, expected, failures, lifecycle };
}

/** A sortable line for a post. */
export function line(p: Post): string {
  return `${new Date(p.at).toISOString()} ${p.channel} ${p.title}`;
}

/** Asserts that every expected reminder was posted exactly once, no earlier than due and at most `lateRuns` runs late. */
export function expectDeliveredOnce(posts: readonly Post[], expected: readonly Post[], lateRuns: number): void {
  const byTarget = (list: readonly Post[]) => {
    const out = new Map<string, number[]>();
    for (const p of list) out.set(`${p.channel} ${p.title}`, [...(out.get(`${p.channel} ${p.title}`) ?? []), p.at]);
    for (const v of out.values()) v.sort((a, b) => a - b);
    return out;
  };
  const got = byTarget(posts);
  const want = byTarget(expected);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [target, times] of want) {
    const actual = got.get(target)!;
    expect(actual.length, target).toBe(times.length);
    times.forEach((t, i) => {
      expect(actual[i]!, target).toBeGreaterThanOrEqual(t);
      expect(actual[i]!, target).toBeLessThanOrEqual(t + lateRuns * STEP);
    });
  }
}
