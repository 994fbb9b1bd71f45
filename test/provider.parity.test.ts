import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';
import { ovhProviderOn } from './support/ovhcloud-provider.js';

/** One step of the newcomer's tour; `{order}` is replaced by the order the purchase created. */
const TOUR = [
  '/renew status',
  '/credit buy 100 pc-demo',
  '/orders pay {order}',
  '/voucher activate WELCOME-50 pc-demo',
  '/voucher activate WELCOME-50 pc-demo',
  '/voucher activate EXPIRED-10 pc-demo',
  '/renew auto vps-demo-1',
  '@bob /renew auto vps-demo-1',
  '/renew cancel hosting-demo not needed any more',
  '/contacts change pc-demo billing=dave-ovh',
  '@carol /credit list pc-demo',
  '/renew delete-now example-demo.fr',
];

/** Runs the tour and returns, per step, the tone of the reply (success, error, warning, info). */
async function tour(h: Harness): Promise<string[]> {
  let order = '';
  const tones: string[] = [];
  for (const step of TOUR) {
    const reply = await h.run(step.replace('{order}', order));
    order ||= /Purchase order (\S+) generated/.exec(replyToPlainText(reply))?.[1] ?? '';
    tones.push(`${step} → ${reply.tone ?? 'info'}`);
  }
  return tones;
}

let bed: OvhBed | undefined;
const harnesses: Harness[] = [];
afterEach(async () => {
  await bed?.close();
  for (const h of harnesses.splice(0)) await h.close();
});

describe('the same tour on both providers', () => {
  it('GIVEN the demo data on the ledger and the same accounts on the OVHcloud fake WHEN the tour runs on each THEN every step succeeds or is refused alike', async () => {
    const ledger = await makeHarness();
    harnesses.push(ledger);
    const ovh = await makeHarness({ provider: ovhProviderOn(() => bed!) });
    harnesses.push(ovh);
    bed = await startOvhBed({ clock: ovh.clock });
    const onLedger = await tour(ledger);
    const onOvh = await tour(ovh);
    expect(onOvh).toEqual(onLedger);
    expect(onLedger.filter((t) => t.endsWith('error'))).toHaveLength(4);
    expect(bed.fake.mismatches).toEqual([]);
  });
});
