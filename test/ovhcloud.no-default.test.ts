import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.js';
import type { OvhBed } from './support/ovhcloud-fake/bed.js';
import { openOvhHarness, type OvhHarness } from './support/ovhcloud-provider.js';
import { replyToPlainText } from '../src/core/reply.js';

let ovh: OvhHarness;
let bed: OvhBed;
let h: Harness;

beforeEach(async () => {
  ovh = await openOvhHarness();
  ({ h, bed } = ovh);
});

afterEach(() => ovh.close());

/** Alice's payment methods at the fake OVHcloud. */
const aliceMethods = () => bed.fake.state.paymentMethods.filter((pm) => pm.nichandle === 'alice-ovh');

/** Gives alice a second method (a SEPA debit) and leaves neither flagged the default, as the control panel allows. */
function twoMethodsNoneDefault(): void {
  const [card] = aliceMethods();
  bed.fake.state.paymentMethods.push({ ...card!, id: bed.fake.state.nextId('payment'), paymentType: 'SEPA_DIRECT_DEBIT', label: 'FR76 **** 1234' });
  for (const pm of aliceMethods()) pm.isDefault = false;
}

const fakeMode = (name: string) => bed.fake.state.services.find((s) => s.name === name)!.renewMode;

describe('OVHcloud (fake API): payment methods of which none is the default', () => {
  it('GIVEN alice’s two methods, neither the default, and an order awaiting payment WHEN she audits and opens her overview THEN both say so, and no payment button is offered for what she pays', async () => {
    const id = /Purchase order (\d+)/.exec(await h.text('/credit buy 100 pc-demo'))![1]!;
    twoMethodsNoneDefault();
    const said = 'None of the 2 payment method(s) is the default: the automatic renewal of 1 service(s) will fail; 1 manual renewal(s) due within 30 days cannot be paid; 1 order(s) awaiting payment cannot be paid';
    const audit = await h.text('/account audit');
    expect(audit).toContain(`⚠️ ${said}\n    → Make one of them the default in the control panel (Billing › Payment methods), or switch the services that renew automatically to manual renewal.`);
    expect(audit).not.toMatch(/4242|1234/);
    const r = await h.run('/account overview');
    expect(replyToPlainText(r)).toContain(said);
    const typed = r.actions!.map((a) => a.typed);
    for (const withheld of ['renew pay vps-demo-1', 'renew auto vps-demo-1', `orders pay ${id}`]) expect(typed).not.toContain(withheld);
    // What the withheld Pay would have done: OVHcloud's own client finds no default and refuses.
    expect((await h.run(`/orders pay ${id}`)).code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice’s two methods, neither the default WHEN she switches vps-demo-1 to automatic THEN it is refused with the reason and the mode is not changed at OVHcloud; once one is the default THEN it is accepted', async () => {
    twoMethodsNoneDefault();
    const r = await h.run('/renew auto vps-demo-1');
    expect(r.code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect(replyToPlainText(r)).toContain('None of the 2 payment method(s) of account alice-ovh is the default, so the automatic renewal of vps-demo-1 would fail. Make one of them the default in the control panel (Billing › Payment methods), then try again.');
    expect(fakeMode('vps-demo-1')).toBe('manual');
    expect(bed.fake.requests.filter((q) => q.method === 'PUT')).toEqual([]);
    aliceMethods()[1]!.isDefault = true;
    expect(await h.text('/renew auto vps-demo-1')).toContain('now renews in mode “automatic”');
    expect(fakeMode('vps-demo-1')).toBe('automatic');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice’s default card is EXPIRED at OVHcloud WHEN she switches vps-demo-1 to automatic THEN it is refused naming her card and its state', async () => {
    for (const pm of aliceMethods()) pm.status = 'EXPIRED';
    const r = await h.run('/renew auto vps-demo-1');
    expect(r.code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect(replyToPlainText(r)).toContain('The default payment method of account alice-ovh, **** **** **** 4242 (expired), cannot pay, so the automatic renewal of vps-demo-1 would fail. Add one in the control panel');
    expect(fakeMode('vps-demo-1')).toBe('manual');
  });
});
