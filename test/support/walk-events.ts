import { randomUUID } from 'node:crypto';
import { replyToPlainText } from '../../src/core/reply.js';
import type { ContactRequest } from '../../src/domain/contact-request.js';
import type { Order } from '../../src/domain/order.js';
import type { WalletEntry } from '../../src/domain/wallet.js';
import { tokensFor } from './contacts.js';
import { consoleUser, DEMO_NOW, makeHarness, type Harness } from './harness.js';
import { STEP, type Post, type WalkOptions } from './walk.js';
import { seeded as prng } from './prng.js';

const DAY = 86_400_000;
/** Days an order may await payment before it is cancelled (GUICHET_ORDER_TTL_DAYS default). */
const ORDER_TTL_DAYS = 14;


const ALICE = 'console:local/general';
const DAVE = 'slack:T1/C-DAVE';
/** Channels and the accounts whose reminders they get (dave's account is French, subscribed to contact changes only). */
const CHANNEL_OF: Record<string, { channel: string; types: string[] }> = {
  'alice-ovh': { channel: ALICE, types: ['credit', 'voucher', 'order', 'contact'] },
  'dave-ovh': { channel: DAVE, types: ['contact'] },
};

/** What the walk observed and what SPEC §3 says should have been posted (credit, voucher, order and contact reminders). */
export interface EventWalkResult {
  readonly posts: Post[];
  readonly expected: Post[];
  readonly failures: number;
  readonly counts: Record<string, number>;
}

async function say(h: Harness, user: string, text: string, channel = ALICE): Promise<string> {
  const [command, ...rest] = text.split(' ');
  return replyToPlainText(await h.core.handle({ id: randomUUID(), user: consoleUser(user), channel, command: command!, input: { kind: 'text', text: rest.join(' ') } }));
}

interface State {
  entries: WalletEntry[];
  orders: Order[];
  requests: ContactRequest[];
}

async function state(h: Harness): Promise<State> {
  return h.uow.run(async (tx) => {
    const wallet = await tx.wallets.get('pc-demo');
    const orders = await tx.orders.listOpen('alice-ovh', 1000);
    const requests: ContactRequest[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await tx.contactRequests.listForAccount('alice-ovh', after, 200);
      requests.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    return { commit: false, result: { entries: wallet?.entries ?? [], orders, requests } };
  });
}

/** The oracle of SPEC §3 for one run at `r`: the most urgent threshold reached, once per item and threshold. */
function expectedAt(r: number, s: State, sent: Set<string>): Post[] {
  const out: Post[] = [];
  const once = (key: string, post: () => void) => {
    if (!sent.has(key)) {
      sent.add(key);
      post();
    }
  };
  for (const e of s.entries) {
    const exp = Date.parse(e.expiresAt);
    if (e.state !== 'active' || e.balanceMinor <= 0 || r >= exp) continue;
    const reached = (e.kind === 'credit' ? [30, 7] : [14, 3]).filter((d) => r >= exp - d * DAY);
    if (!reached.length) continue;
    const title = e.kind === 'credit' ? `Cloud credit expiring: ${e.id} on pc-demo` : `Voucher expiring: ${e.voucherCode} on pc-demo`;
    once(`${e.id}|${Math.min(...reached)}`, () => out.push({ at: r, channel: ALICE, title }));
  }
  for (const o of s.orders) {
    // New rule: an order unpaid for 14 days is cancelled (before the reminders of that run), with a last call a day before.
    if (o.state !== 'awaiting-payment' || r >= Date.parse(o.createdAt) + ORDER_TTL_DAYS * DAY) continue;
    const reached = [1, 3, ORDER_TTL_DAYS - 1].filter((d) => r >= Date.parse(o.createdAt) + d * DAY);
    if (!reached.length) continue;
    const last = Math.max(...reached);
    const title = last === ORDER_TTL_DAYS - 1 ? `Order to be cancelled: ${o.id}` : `Order awaiting payment: ${o.id}`;
    once(`${o.id}|${last}`, () => out.push({ at: r, channel: ALICE, title }));
  }
  for (const q of s.requests) {
    if (q.state !== 'pending' || r >= Date.parse(q.expiresAt) || r < Date.parse(q.createdAt) + 2 * DAY) continue;
    const waiting = (['current', 'new'] as const).filter((side) => q.accepted[side] === null).map((side) => (side === 'current' ? q.from : q.to));
    once(`${q.id}|2`, () => {
      for (const a of waiting) {
        const c = CHANNEL_OF[a];
        if (!c) continue;
        out.push({ at: r, channel: c.channel, title: c.channel === DAVE ? `Le changement de contact ${q.id} vous attend` : `Contact change ${q.id} is waiting for you` });
      }
    });
  }
  return out;
}

/**
 * Walks credits (paid or left unpaid), vouchers and contact-change requests through `days` days, running the
 * jobs every 6 hours, with random actions once a day; optionally restarting on the same store and failing posts.
 */
export async function walkEvents(o: WalkOptions): Promise<EventWalkResult> {
  const rand = prng(424242);
  const start = Date.parse(DEMO_NOW);
  let h = await makeHarness(o.uri ? { uri: o.uri } : { engine: o.engine as 'memory' | 'sqlite' });
  const file = h.file;
  const posts: Post[] = [];
  const expected: Post[] = [];
  const counts: Record<string, number> = {};
  let attempts = 0;
  let failures = 0;
  const instrument = (x: Harness) => {
    if (o.failEvery) x.notifier.failWhen = (t) => (t.includes(":local/") && t !== ALICE ? undefined : ++attempts % o.failEvery! === 0 ? (failures++, 'simulated outage') : undefined);
    const post = x.notifier.post.bind(x.notifier);
    x.notifier.post = async (channel, message) => {
      const d = await post(channel, message);
      if (d.ok) posts.push({ at: x.clock.now().getTime(), channel, title: message.title ?? '' });
      return d;
    };
  };
  instrument(h);
  await say(h, 'alice', 'reminders subscribe credit voucher order contact', ALICE);
  await say(h, 'dave', 'reminders subscribe contact', DAVE);
  const toPay = new Map<string, number>();
  const answers = new Map<string, { tokens: Record<string, string>; plan: { user: string; at: number }[] }>();
  const sent = new Set<string>();
  let vouchers = 0;
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const end = start + o.days * DAY;
  // With a failing notifier, a few more runs without new actions let the last failed posts be retried.
  for (let r = start; r <= end + (o.failEvery ? 4 * STEP : 0); r += STEP) {
    if (o.restartAtDay !== undefined && r === start + o.restartAtDay * DAY) {
      await h.uow.close();
      h = await makeHarness({ file: file!, demo: false, now: new Date(r).toISOString() });
      instrument(h);
    }
    h.clock.set(new Date(r));
    if ((r - start) % DAY === 0 && r <= end) {
      if (rand() < 0.15) {
        const id = /ORD-[A-Z0-9]+/.exec(await say(h, 'alice', `credit buy ${1 + Math.floor(rand() * 200)} pc-demo`))?.[0];
        const fate = rand();
        if (id) {
          count('orders');
          if (fate < 0.5) toPay.set(id, r);
          else if (fate < 0.75) toPay.set(id, r + Math.floor(1 + rand() * 4) * DAY);
        }
      }
      if (rand() < 0.07) {
        const code = `WALK-${++vouchers}`;
        await say(h, 'root', `guichet admin voucher issue ${code} ${1 + Math.floor(rand() * 30)} EUR days=${5 + Math.floor(rand() * 40)} subsidiary=FR`);
        if ((await say(h, 'alice', `voucher activate ${code} pc-demo`)).includes(code)) count('vouchers');
      }
      const open = (await state(h)).requests.some((q) => q.state === 'pending' || q.state === 'accepted');
      if (!open && rand() < 0.1) {
        const svc = (await h.uow.run(async (tx) => ({ commit: false, result: await tx.services.get('example-demo.fr') })))!;
        const target = svc.contacts.billing === 'alice-ovh' ? 'dave-ovh' : 'alice-ovh';
        const text = await say(h, 'alice', `contacts change example-demo.fr billing=${target}`);
        const id = /CR-[A-Z0-9]{6}/.exec(text)?.[0];
        if (id) {
          count('requests');
          const x = rand();
          const users = ['alice', 'dave'];
          const plan = x < 0.3 ? users.map((u) => ({ user: u, at: r + DAY })) : x < 0.6 ? [{ user: users[Math.floor(rand() * 2)]!, at: r + 3 * DAY }] : [];
          answers.set(id, { tokens: tokensFor(h, id), plan });
        }
      }
    }
    for (const [id, at] of toPay) if (at <= r) (await say(h, 'alice', `orders pay ${id}`), toPay.delete(id));
    for (const [id, a] of answers) {
      for (const step of a.plan.filter((p) => p.at <= r)) await say(h, step.user, `contacts accept ${id} ${a.tokens[step.user]}`);
      a.plan = a.plan.filter((p) => p.at > r);
    }
    expected.push(...expectedAt(r, await state(h), sent));
    const report = await h.jobs.runNow(h.clock.now());
    for (const [k, v] of Object.entries(report.counts)) counts[k] = (counts[k] ?? 0) + v;
  }
  await h.close();
  return { posts: posts.filter((p) => !/^(Renewal due|Termination|Automatic renewal failed|Renouvellement|Résiliation)/.test(p.title)), expected, failures, counts };
}
