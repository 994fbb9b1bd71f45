import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleUser, type Harness } from './support/harness.js';
import type { OvhBed } from './support/ovhcloud-fake/bed.js';
import { openOvhHarness, type OvhHarness } from './support/ovhcloud-provider.js';
import { replyToPlainText, type Reply } from '../src/core/reply.js';
import { OVERVIEW_HEADINGS } from '../src/commands/account.overview.view.js';

let ovh: OvhHarness;
let bed: OvhBed;
let h: Harness;

beforeEach(async () => {
  ovh = await openOvhHarness();
  ({ h, bed } = ovh);
});

afterEach(() => ovh.close());

/** The text under one heading of an overview reply. */
function section(r: Reply, key: keyof typeof OVERVIEW_HEADINGS): string | undefined {
  for (const s of r.sections) if (s.kind === 'text' && s.heading === OVERVIEW_HEADINGS[key].en) return s.text;
  return undefined;
}

describe('/account overview on the OVHcloud provider (fake API)', () => {
  it('GIVEN alice connected WHEN she asks for her overview THEN the expiring services and the audit come from the API, most urgent first', async () => {
    const r = await h.run('/account overview');
    const expiring = section(r, 'expiring')!;
    expect(expiring).toMatch(/hosting-demo[^\n]*in 5 day\(s\)\n[^\n]*vps-demo-1[^\n]*manual renewal[^\n]*in 10 day\(s\)/);
    expect(expiring).not.toContain('example-demo.fr');
    expect(section(r, 'warnings')).toMatch(/backup e-mail/i);
    expect(r.actions!.map((a) => a.typed)).toContain('renew pay vps-demo-1');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice’s card is EXPIRED at OVHcloud and an order awaits payment WHEN she opens her overview THEN it warns what cannot be paid and offers no payment button, which the provider would refuse', async () => {
    const id = /Purchase order (\d+)/.exec(await h.text('/credit buy 100 pc-demo'))![1]!;
    const before = (await h.run('/account overview')).actions!.map((a) => a.typed);
    expect(before).toEqual(expect.arrayContaining(['renew pay vps-demo-1', 'renew auto vps-demo-1', `orders pay ${id}`]));
    for (const pm of bed.fake.state.paymentMethods) if (pm.nichandle === 'alice-ovh') pm.status = 'EXPIRED';
    const r = await h.run('/account overview');
    expect(section(r, 'warnings')).toContain('The default payment method cannot pay (its state is shown by /account): the automatic renewal of 1 service(s) will fail; 1 manual renewal(s) due within 30 days cannot be paid; 1 order(s) awaiting payment cannot be paid');
    const typed = r.actions!.map((a) => a.typed);
    expect(typed).not.toContain('renew pay vps-demo-1');
    expect(typed).not.toContain('renew auto vps-demo-1');
    expect(typed).not.toContain(`orders pay ${id}`);
    expect(section(r, 'orders')).toContain(id);
    expect((await h.run(`/orders pay ${id}`)).code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect(await h.text('/account')).toContain('(expired) ★');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice bought credit WHEN she opens her overview and clicks Pay THEN the order is paid at the provider and leaves the section', async () => {
    const bought = await h.text('/credit buy 100 pc-demo');
    const id = /Purchase order (\d+)/.exec(bought)![1]!;
    const r = await h.run('/account overview');
    expect(section(r, 'orders')).toContain(id);
    const pay = r.actions!.find((a) => a.typed === `orders pay ${id}`)!;
    expect(pay, JSON.stringify(r.actions)).toBeDefined();
    expect(replyToPlainText(await h.core.click({ id: 'c1', user: consoleUser('alice'), actionId: pay.id }))).toContain(`Order ${id} paid`);
    expect(section(await h.run('/account overview'), 'orders')).toBe('No order awaits payment.');
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN alice asked to make dave the billing contact of pc-demo WHEN dave opens his overview THEN it offers Accept / Refuse found in his e-mails, and Accept works', async () => {
    const asked = await h.text('/contacts change pc-demo billing=dave-ovh');
    const id = /(\d+): billing contact of pc-demo/.exec(asked)![1]!;
    const r = await h.run('@dave /account overview', { locale: 'en' });
    expect(section(r, 'contacts')).toMatch(new RegExp(`${id} — pc-demo, billing contact: alice-ovh → dave-ovh[^\\n]*answer with the buttons`));
    expect(JSON.stringify(r)).not.toMatch(/token=/);
    const accept = r.actions!.find((a) => a.label === `Accept ${id}`)!;
    expect(r.actions!.find((a) => a.label === `Refuse ${id}`)?.style).toBe('danger');
    const done = await h.core.click({ id: 'c2', user: consoleUser('dave'), actionId: accept.id });
    expect(replyToPlainText(done)).toMatch(/accepted|accepté/);
    expect(bed.fake.requests.filter((q) => q.method === 'POST' && q.path.endsWith(`/me/task/contactChange/${id}/accept`))).toHaveLength(1);
    expect(bed.fake.mismatches).toEqual([]);
  });

  it('GIVEN a job WHEN it reads alice’s overview THEN it has no Accept / Refuse buttons (no chat user to find tokens for)', async () => {
    await h.text('/contacts change pc-demo billing=dave-ovh');
    const view = await h.core.overviewOfAccount('dave-ovh');
    expect(view!.needsAnyone).toBe(true);
    expect((view!.reply.actions ?? []).filter((a) => a.typed.startsWith('contacts'))).toEqual([]);
  });
});

describe('the overview of a chat user not connected yet (OVHcloud)', () => {
  it('GIVEN the ovhcloud provider and a chat user with no account WHEN the core is asked for the overview THEN it offers a Connect button that starts /account connect', async () => {
    const { startConnectBed } = await import('./support/ovhcloud-connect.js');
    const cb = await startConnectBed();
    try {
      const r = await cb.h.core.overviewFor(consoleUser('alice'));
      expect(r.code).toBe('ACCESS.NOT_LINKED');
      expect(replyToPlainText(r)).toContain('/account connect');
      const connect = r.actions!.find((a) => a.typed === 'account connect')!;
      expect(connect.label).toBe('Connect');
      const started = await cb.h.core.click({ id: 'c1', user: consoleUser('alice'), actionId: connect.id });
      expect(started.code).toBe('CONNECT.STARTED');
    } finally {
      await cb.close();
    }
  });

  it('GIVEN a chat user linked to an account whose access was revoked WHEN the core is asked for the overview THEN it offers to connect again instead of failing', async () => {
    const { startConnectBed } = await import('./support/ovhcloud-connect.js');
    const { demoAccounts } = await import('../src/demo/demo-data.js');
    const cb = await startConnectBed();
    try {
      await cb.h.uow.run(async (tx) => {
        tx.accounts.put(demoAccounts()[0]!);
        await tx.links.put({ chatUser: 'console:local/alice', account: 'alice-ovh', linkedBy: 'test', linkedAt: new Date(0).toISOString() });
        return { commit: true, result: undefined };
      });
      const r = await cb.h.core.overviewFor(consoleUser('alice'));
      expect(r.code).toBe('CONNECT.NOT_CONNECTED');
      expect(r.actions!.map((a) => a.typed)).toEqual(['account connect']);
    } finally {
      await cb.close();
    }
  });
});
