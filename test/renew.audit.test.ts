import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('/account audit on renewals', () => {
  it('GIVEN the demo WHEN alice and bob audit THEN the payment method for automatic renewals, manual renewals and terminations within 30 days are checked', async () => {
    h = await makeHarness();
    const alice = await h.text('@alice /account audit');
    expect(alice).toContain('✅ Payment method registered (1 service(s) renew automatically)');
    expect(alice).toContain('⚠️ vps-demo-1 (manual renewal) expires in 10 day(s)');
    expect(alice).toContain('⚠️ hosting-demo will be deleted at expiry in 5 day(s) (termination requested)');
    const bob = await h.text('@bob /account audit');
    expect(bob).toContain('⚠️ No payment method: the automatic renewal of 1 service(s) will fail');
    expect(bob).toContain('✅ No manual renewal due within 30 days');
  });

  it('GIVEN ks-demo expired after its automatic renewal failed WHEN bob audits THEN it is flagged as suspended, with when it is deleted and how to renew it', async () => {
    h = await makeHarness();
    h.clock.advance(3 * 86_400_000);
    await h.run('@root /guichet admin run-jobs');
    h.clock.advance(2 * 86_400_000);
    expect(await h.text('@bob /account audit')).toContain('⚠️ ks-demo is suspended, its automatic renewal could not be paid: expired 2 day(s) ago (26 Nov 2026), deleted on 10 Dec 2026 unless renewed\n    → Add a payment method, then renew it with /renew pay ks-demo.');
  });
});
