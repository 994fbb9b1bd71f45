import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { askChange, read } from './support/contacts.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** Moves the billing contact of pc-demo to `to` through a real contact change (both sides accept). */
async function moveBilling(from: string, to: string): Promise<void> {
  const { id, tokens } = await askChange(h, `@alice /contacts change pc-demo billing=${to}-ovh`);
  await h.run(`@${from} /contacts accept ${id} ${tokens[from]}`);
  await h.run(`@${to} /contacts accept ${id} ${tokens[to]}`);
  expect((await read(h, (tx) => tx.services.get('pc-demo')))!.contacts.billing).toBe(`${to}-ovh`);
}

async function subscribe(user: string, channel: string, types: string): Promise<void> {
  await h.core.handle({ id: randomUUID(), user: consoleUser(user), channel, command: 'reminders', input: { kind: 'text', text: `subscribe ${types}` } });
}

describe('consumption is billed to the billing contact', () => {
  it('GIVEN the billing contact of pc-demo moved to dave WHEN an operator records 99,999 € of consumption THEN dave’s default payment method pays it, not alice’s card, and dave is told in his mails, privately and in his channel', async () => {
    h = await makeHarness();
    await subscribe('dave', 'slack:T1/C-DAVE', 'credit');
    await subscribe('alice', 'console:local/general', 'credit');
    await moveBilling('alice', 'dave');
    const out = await h.text('@root /guichet admin charge pc-demo 99999');
    expect(out).toContain('billed to its billing contact dave-ovh');
    expect(out).toMatch(/payment method SEPA FR76 •••• 0189\s+€99,999\.00/);
    expect(out).not.toContain('Visa');
    const [mv] = await read(h, (tx) => tx.wallets.movements('pc-demo', 0, 1));
    expect(mv!.movement).toMatchObject({ billedTo: 'dave-ovh', paymentMethod: 'pm-dave-sepa', paidByMethodMinor: 9_999_900, unpaidMinor: 0 });
    expect(await h.text('@dave /account emails 20')).toMatch(/La consommation de 99\s999,00\s€ sur pc-demo a été facturée à dave-ovh, son contact facturation : 99\s999,00\s€ débités sur SEPA FR76 •••• 0189\./);
    expect(h.notifier.directs.some((d) => d.to === 'console:local/dave' && d.text.includes('Consommation facturée sur pc-demo'))).toBe(true);
    expect(await h.text('@alice /account emails 20')).not.toContain('Consumption');
    expect(h.notifier.posts).toEqual([]);
    await h.jobs.runNow(h.clock.now());
    expect(h.notifier.posts.map((p) => `${p.channel} ${p.text.split('\n')[0]}`)).toEqual(['slack:T1/C-DAVE Consommation facturée sur pc-demo']);
    await h.jobs.runNow(h.clock.now());
    expect(h.notifier.posts).toHaveLength(1);
    expect((await h.text('@dave /account emails 20')).split('Consommation facturée sur pc-demo').length - 1).toBe(1);
  });

  it('GIVEN bob, without a payment method, is the billing contact of pc-demo WHEN consumption is charged THEN what is left is bob’s unpaid bill — not alice’s — and stays his after the billing contact changes back', async () => {
    h = await makeHarness();
    await moveBilling('alice', 'bob');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const out = await h.text('@root /guichet admin charge pc-demo 80');
    expect(out).toMatch(/voucher WELCOME-50\s+€50\.00/);
    expect(out).toMatch(/unpaid \(bill on bob-ovh\)\s+€30\.00/);
    expect(await h.text('@bob /account audit')).toContain('⚠️ Unpaid consumption bill(s): pc-demo €30.00');
    expect(await h.text('@alice /account audit')).toContain('✅ No unpaid bill');
    expect(await h.text('@bob /account emails 20')).toContain('€50.00 from vouchers, €30.00 unpaid. The unpaid part is a bill on your account');
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=alice-ovh');
    await h.run(`@bob /contacts accept ${id} ${tokens.bob}`);
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    await h.text('@root /guichet admin charge pc-demo 5');
    expect(await h.text('@bob /account close')).toContain('Unpaid consumption bill(s): pc-demo €30.00');
    expect(await h.text('@alice /account audit')).toContain('✅ No unpaid bill');
    expect((await read(h, (tx) => tx.accounts.get('bob-ovh')))!.unpaidBills).toEqual([{ projectId: 'pc-demo', currency: 'EUR', amountMinor: 3000 }]);
  });
});
