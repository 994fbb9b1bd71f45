import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/core/command.js';
import type { CreditHistory } from '../src/ports/provider.js';
import type { Reply } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';
import { demoSeed, type MovementSeed } from './support/ovhcloud-fake/seed.js';
import { ovhProviderOn } from './support/ovhcloud-provider.js';

let bed: OvhBed;
let h: Harness;

/** Alice's balance movements: credit ordered and used, a voucher used then expired, and another project's use. */
const MOVEMENTS: MovementSeed[] = [
  { nichandle: 'alice-ovh', balance: 'PREPAID_ACCOUNT', type: 'ORDER', amountCents: 30_000, daysAgo: 200, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'PREPAID_ACCOUNT', type: 'USE', amountCents: 4_000, daysAgo: 150, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'VOUCHER', type: 'VOUCHER', amountCents: 5_000, daysAgo: 100, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'VOUCHER', type: 'USE', amountCents: 2_000, daysAgo: 90, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'PREPAID_ACCOUNT', type: 'USE', amountCents: 6_000, daysAgo: 60, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'VOUCHER', type: 'EXPIRE', amountCents: 3_000, daysAgo: 10, project: 'pc-demo' },
  { nichandle: 'alice-ovh', balance: 'PREPAID_ACCOUNT', type: 'USE', amountCents: 99_900, daysAgo: 5, project: 'pc-other' },
];

beforeEach(async () => {
  h = await makeHarness({ provider: ovhProviderOn(() => bed) });
  bed = await startOvhBed({ clock: h.clock, seed: { ...demoSeed(), movements: MOVEMENTS } });
});

afterEach(async () => {
  await bed.close();
  await h.close();
});

/** The provider's history of pc-demo since a year ago, read as alice (the wallet reads the caller and the clock). */
async function history(): Promise<CreditHistory> {
  const from = new Date(h.clock.now().getTime() - 365 * 86_400_000);
  return h.uow.run(async (tx) => {
    const project = (await tx.services.get('pc-demo'))!;
    const ctx = { tx, now: h.clock.now(), locale: 'en', account: (await tx.accounts.get('alice-ovh'))!, chatUser: 'console:local/alice' } as unknown as CommandContext;
    return { commit: false, result: await h.core.deps.provider.open(ctx).wallet.history(project, from) };
  });
}

describe('the OVHcloud history of a project, from /me/credit/balance movements (fake API, checked against the descriptions)', () => {
  it('GIVEN alice’s balances and movements WHEN the history of pc-demo is read THEN only the movements naming pc-demo count: credit 300 − 40 − 60, voucher 50 − 20 − 30 expired, consumption the three uses', async () => {
    const got = await history();
    expect(got.currency).toBe('EUR');
    expect(got.balances[0]).toMatchObject({ creditMinor: 0, voucherMinor: 0 });
    expect(got.balances.at(-1)).toMatchObject({ creditMinor: 20_000, voucherMinor: 0 });
    expect(got.balances.map((p) => [p.creditMinor, p.voucherMinor])).toEqual([[0, 0], [30_000, 0], [26_000, 0], [26_000, 5_000], [26_000, 3_000], [20_000, 3_000], [20_000, 0]]);
    expect(got.consumption.map((c) => c.amountMinor)).toEqual([4_000, 2_000, 6_000]);
    expect(bed.fake.mismatches).toEqual([]);
    expect(bed.fake.unimplemented).toEqual([]);
  });

  it('GIVEN the same account WHEN alice activates WELCOME-50 and asks for /credit chart THEN the fake’s voucher movement shows in the chart’s words', async () => {
    expect(await h.text('/voucher activate WELCOME-50 pc-demo')).toContain('activated');
    const reply = await h.run('/credit chart pc-demo');
    expect(reply.files).toHaveLength(1);
    expect(reply.files![0]!.alt).toContain('Credit on project pc-demo: €200.00');
    expect(reply.files![0]!.alt).toContain('Vouchers: €50.00, up from €0.00');
    expect(reply.files![0]!.alt).toContain('Consumption over 12 months: €120.00');
    expect(bed.fake.requests.some((r) => r.path.startsWith('/me/credit/balance/VOUCHER-') && r.path.endsWith('/movement'))).toBe(true);
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice’s channel subscribed to the digest WHEN the jobs run at the slot (Monday 30 November, 09:00 Paris) THEN the digest carries pc-demo’s chart read from the OVHcloud movements', async () => {
    const posts: Reply[] = [];
    const post = h.notifier.post.bind(h.notifier);
    h.notifier.post = async (channel, reply) => {
      const d = await post(channel, reply);
      if (d.ok) posts.push(reply);
      return d;
    };
    expect(await h.text('/reminders subscribe digest')).toContain('digest');
    h.clock.set(new Date('2026-11-30T08:00:00.000Z'));
    await h.jobs.runNow(h.clock.now());
    const digest = posts.find((p) => p.title?.startsWith('Weekly digest of alice-ovh'));
    expect(digest?.files?.map((f) => f.name)).toEqual(['credit-pc-demo-2026-11.png']);
    expect(digest!.files![0]!.alt).toContain('Credit on project pc-demo: €200.00');
    expect(digest!.files![0]!.alt).toContain('Consumption over 12 months: €120.00');
    expect(bed.fake.mismatches).toEqual([]);
  });
});
