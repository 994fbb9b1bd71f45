import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';
import { MapEffects, ovhProviderOn } from './support/ovhcloud-provider.js';

let bed: OvhBed;
let h: Harness;
let effects: MapEffects;

beforeEach(async () => {
  effects = new MapEffects();
  h = await makeHarness({ provider: ovhProviderOn(() => bed, effects) });
  bed = await startOvhBed({ clock: h.clock });
});

afterEach(async () => {
  await bed.close();
  await h.close();
});

const calls = (method: string, path: RegExp) => bed.fake.requests.filter((r) => r.method === method && path.test(r.path)).length;

describe('OVHcloud provider on the fake API', () => {
  it('GIVEN alice connected WHEN she reads her profile, services and audit THEN they come from the API', async () => {
    expect(await h.text('/account')).toMatch(/alice-ovh[\s\S]*FR[\s\S]*EUR/);
    const status = await h.text('/renew status');
    expect(status).toContain('vps-demo-1');
    expect(status).toContain('example-demo.fr');
    const audit = await h.text('/account audit');
    expect(audit).toMatch(/backup e-mail/i);
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice WHEN she buys credit, pays the order and lists credits THEN the fake holds the credit', async () => {
    const bought = await h.text('/credit buy 100 pc-demo');
    const id = /Purchase order (\d+)/.exec(bought)?.[1];
    expect(id, bought).toBeDefined();
    const paid = await h.text(`/orders pay ${id}`);
    expect(paid).toContain(`Order ${id} paid`);
    bed.clock.advance(2 * 60_000); // OVHcloud checks a payment for a minute, then delivers
    const list = await h.text('/credit list pc-demo');
    expect(list).toMatch(/100[.,]00/);
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN a voucher WHEN the same invocation is delivered twice THEN the API is called once and a second activation is refused', async () => {
    const first = await h.run('/voucher activate WELCOME-50 pc-demo', { id: 'inv-1' });
    expect(JSON.stringify(first)).toContain('WELCOME-50 activated');
    await h.run('/voucher activate WELCOME-50 pc-demo', { id: 'inv-1' });
    expect(calls('POST', /\/cloud\/project\/pc-demo\/credit$/)).toBe(1);
    const again = await h.text('/voucher activate WELCOME-50 pc-demo');
    expect(again).toContain('cannot be activated');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN vps-demo-1 in manual renewal WHEN alice switches it to automatic and back THEN the fake service follows', async () => {
    expect(await h.text('/renew auto vps-demo-1')).toContain('now renews in mode “automatic”');
    expect(bed.fake.state.serviceByName('vps-demo-1')!.renewMode).toBe('automatic');
    expect(await h.text('/renew cancel vps-demo-1 moving elsewhere')).toContain('terminate at expiry');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN pc-demo WHEN alice asks for a billing change and both accept with the e-mailed tokens THEN the contact changes', async () => {
    const asked = await h.text('/contacts change pc-demo billing=dave-ovh');
    const id = /(\d+): billing contact of pc-demo/.exec(asked)?.[1];
    expect(id, asked).toBeDefined();
    const tokenOf = (nic: string) => /token=([A-Za-z0-9_-]+)/.exec(bed.fake.state.emails.filter((m) => m.nichandle === nic).at(-1)!.body)![1]!;
    expect(await h.text(`@dave /contacts accept ${id} ${tokenOf('dave-ovh')}`)).toMatch(/accepted|accepté/);
    expect(await h.text(`/contacts accept ${id} ${tokenOf('alice-ovh')}`)).toContain('applied');
    expect(bed.fake.state.serviceByName('pc-demo')!.contacts.contactBilling).toBe('dave-ovh');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN a contact change WHEN dave lists his requests THEN Guichet offers Accept / Refuse found from his e-mails, and the click accepts', async () => {
    const asked = await h.text('/contacts change pc-demo billing=dave-ovh');
    const id = /(\d+): billing contact of pc-demo/.exec(asked)![1]!;
    const listed = await h.run('@dave /contacts requests');
    const accept = listed.actions!.find((a) => a.label.includes(id) && a.style === 'primary')!;
    expect(accept, JSON.stringify(listed)).toBeDefined();
    expect(JSON.stringify(listed)).not.toMatch(/token=/);
    const done = await h.core.click({ id: 'click-2', user: { platform: 'console', workspace: 'local', user: 'dave' }, actionId: accept.id });
    expect(JSON.stringify(done)).toMatch(/accepted|accepté/);
    expect(calls('POST', new RegExp(`/me/task/contactChange/${id}/accept$`))).toBe(1);
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN vps-demo-1 WHEN alice asks to delete it now and clicks the button THEN Guichet finds the e-mailed token and the fake terminates it', async () => {
    const asked = await h.run('/renew delete-now vps-demo-1');
    expect(JSON.stringify(asked)).toContain('e-mailed');
    const button = asked.actions![0]!;
    const done = await h.core.click({ id: 'click-1', user: { platform: 'console', workspace: 'local', user: 'alice' }, actionId: button.id });
    expect(JSON.stringify(done)).toContain('has been deleted');
    expect(calls('POST', /\/services\/\d+\/terminate\/confirm$/)).toBe(1);
    expect(bed.fake.mismatches).toEqual([]);
  });
});
