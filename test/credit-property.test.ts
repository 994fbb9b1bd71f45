import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { replyToPlainText } from '../src/core/reply.js';
import { available } from '../src/domain/wallet.js';
import { expireWalletEntries } from '../src/flows/wallet-book.js';

const DAY = 86_400_000;
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 100);

type Op =
  | { kind: 'buy'; minor: number }
  | { kind: 'pay'; pick: number }
  | { kind: 'voucher'; minor: number; days: number }
  | { kind: 'reactivate'; pick: number }
  | { kind: 'charge'; minor: number }
  | { kind: 'clock'; days: number }
  | { kind: 'job' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('buy' as const), minor: fc.integer({ min: 1, max: 50_000 }) }),
  fc.record({ kind: fc.constant('pay' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('voucher' as const), minor: fc.integer({ min: 1, max: 20_000 }), days: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('reactivate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('charge' as const), minor: fc.integer({ min: 1, max: 60_000 }) }),
  fc.record({ kind: fc.constant('clock' as const), days: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('job' as const) }),
);

const amount = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Everything stored about pc-demo's wallet: active entries, history and movements. */
async function snapshot(h: Harness) {
  return h.uow.run(async (tx) => {
    const wallet = await tx.wallets.get('pc-demo');
    const history = wallet ? await tx.wallets.history('pc-demo', 0, wallet.historyCount) : [];
    const movements = wallet ? await tx.wallets.movements('pc-demo', 0, wallet.movementCount) : [];
    return { commit: false, result: { wallet, history: history.map((r) => r.entry), movements: movements.map((r) => r.movement) } };
  });
}

async function checkInvariants(h: Harness, delivered: ReadonlySet<string>) {
  const { wallet, history, movements } = await snapshot(h);
  if (!wallet) return;
  const all = [...wallet.entries, ...history];
  for (const e of all) {
    expect(e.balanceMinor).toBeGreaterThanOrEqual(0);
    expect(e.balanceMinor).toBeLessThanOrEqual(e.initialMinor);
  }
  const initial = all.reduce((s, e) => s + e.initialMinor, 0);
  const paidFromEntries = movements.reduce((s, m) => s + m.paidFrom.reduce((x, p) => x + p.amountMinor, 0), 0);
  const expired = history.reduce((s, e) => s + e.expiredMinor, 0);
  const balance = wallet.entries.reduce((s, e) => s + e.balanceMinor, 0);
  expect(initial - paidFromEntries - expired).toBe(balance);
  expect(wallet.totals).toMatchObject({ addedMinor: initial, usedMinor: paidFromEntries, expiredMinor: expired });
  for (const m of movements) expect(m.amountMinor).toBe(m.paidFrom.reduce((x, p) => x + p.amountMinor, 0) + m.paidByMethodMinor + m.unpaidMinor);
  const creditOrders = all.filter((e) => e.kind === 'credit').map((e) => e.orderId);
  expect(new Set(creditOrders).size).toBe(creditOrders.length);
  expect(new Set(creditOrders)).toEqual(delivered);
}

describe('wallet properties', () => {
  it('GIVEN random buys, payments, voucher activations, charges, clock moves and expiry jobs WHEN they run THEN balances stay ≥ 0, nothing is created or lost, vouchers drain before credit, each order credits once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const h = await makeHarness();
        try {
          const orders: string[] = [];
          const codes: string[] = [];
          const delivered = new Set<string>();
          let n = 0;
          for (const o of ops) {
            if (o.kind === 'buy') {
              const t = await h.text(`@alice /credit buy ${amount(o.minor)} pc-demo`);
              orders.push(/ORD-[A-Z0-9]+/.exec(t)![0]);
            } else if (o.kind === 'pay' && orders.length) {
              const id = orders[o.pick % orders.length]!;
              const t = await h.text(`@alice /orders pay ${id}`);
              expect(t).toMatch(delivered.has(id) ? /already paid/ : /paid: /);
              delivered.add(id);
            } else if (o.kind === 'voucher') {
              const code = `PROP-${++n}`;
              await h.run(`@root /guichet admin voucher issue ${code} ${amount(o.minor)} EUR days=${o.days}`);
              expect((await h.run(`@alice /voucher activate ${code.toLowerCase()} pc-demo`)).code).toBeUndefined();
              codes.push(code);
            } else if (o.kind === 'reactivate' && codes.length) {
              expect((await h.run(`@alice /voucher activate ${codes[o.pick % codes.length]} pc-demo`)).code).toBe('VOUCHER.ALREADY_USED');
            } else if (o.kind === 'charge') {
              const before = (await snapshot(h)).wallet;
              const now = h.clock.now();
              const vouchers = before ? available(before, now, 'voucher') : 0;
              const credit = before ? available(before, now, 'credit') : 0;
              const r = await h.run(`@root /guichet admin charge pc-demo ${amount(o.minor)}`);
              expect(r.code, replyToPlainText(r)).toBeUndefined();
              const { movements } = await snapshot(h);
              const m = movements[0]!;
              const kinds = m.paidFrom.map((p) => p.kind);
              expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'voucher' ? -1 : 1)));
              const fromVouchers = m.paidFrom.filter((p) => p.kind === 'voucher').reduce((s, p) => s + p.amountMinor, 0);
              const fromCredit = m.paidFrom.filter((p) => p.kind === 'credit').reduce((s, p) => s + p.amountMinor, 0);
              expect(fromVouchers).toBe(Math.min(o.minor, vouchers));
              expect(fromCredit).toBe(Math.min(o.minor - fromVouchers, credit));
              expect(m.paidByMethodMinor).toBe(o.minor - fromVouchers - fromCredit);
            } else if (o.kind === 'clock') {
              h.clock.advance(o.days * DAY);
            } else if (o.kind === 'job') {
              const expired = await h.uow.run(async (tx) => ({ commit: true, result: await expireWalletEntries(tx, h.clock.now()) }));
              for (const e of expired) expect(new Date(e.entry.expiresAt) <= h.clock.now()).toBe(true);
            }
            await checkInvariants(h, delivered);
          }
        } finally {
          await h.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
