import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText, type Reply } from '../src/core/reply.js';
import { parseConsoleLine, runConsoleLine, type ConsoleLine } from '../adapters/console/console.adapter.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const posted = (r: Reply) => replyToPlainText(r);
const aside = (r: Reply) => (r.aside ? replyToPlainText({ visibility: 'private', tone: 'info', sections: r.aside }) : '');

/** Alice buys credit and pays it with her card; then dave becomes the billing contact of pc-demo. */
async function paidOrderNowBilledToDave(): Promise<string> {
  const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
  expect(await h.text(`@alice /orders pay ${order}`)).toContain('Visa');
  await h.uow.run(async (tx) => {
    const pc = (await tx.services.get('pc-demo'))!;
    await tx.services.put({ ...pc, contacts: { ...pc.contacts, billing: 'dave-ovh' } });
    return { commit: true, result: undefined };
  });
  return order;
}

describe('other accounts’ data never reaches a channel', () => {
  it('GIVEN an order paid by alice WHEN dave, now billing contact, shows it with --public THEN the channel gets neither its account nor how it was paid', async () => {
    h = await makeHarness();
    const order = await paidOrderNowBilledToDave();
    const r = await h.run(`@dave /orders show ${order} --public`);
    expect(r.visibility).toBe('public');
    expect(posted(r)).toContain(order);
    expect(posted(r)).not.toMatch(/Account: |alice-ovh|Paid with|Visa/);
    expect(aside(r)).not.toContain('Visa');
  });

  it('GIVEN an order paid by alice WHEN dave shows it privately THEN the payment method is still not shown (payment details to their owner only)', async () => {
    h = await makeHarness();
    const order = await paidOrderNowBilledToDave();
    const r = await h.run(`@dave /orders show ${order}`);
    expect(r.visibility).toBe('private');
    expect(posted(r)).not.toMatch(/Paid with|Visa/);
  });

  it('GIVEN her own paid order WHEN alice shows it with --public THEN the channel gets the order, and only she gets the account and payment method', async () => {
    h = await makeHarness();
    const order = await paidOrderNowBilledToDave();
    const r = await h.run(`@alice /orders show ${order} --public`);
    expect(posted(r)).not.toMatch(/Paid with|Visa|Account: /);
    expect(aside(r)).toContain('Paid with: Visa •••• 4242');
    expect(posted(r)).toContain('personal details');
    expect(posted(await h.run(`@alice /orders show ${order}`))).toContain('Paid with: Visa •••• 4242');
  });

  it('GIVEN alice WHEN she pays an order with --public THEN the channel is not told which card paid it', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    const r = await h.run(`@alice /orders pay ${order} --public`);
    expect(posted(r)).toContain(`Order ${order} paid`);
    expect(posted(r)).not.toContain('Visa');
    expect(aside(r)).toContain('Visa •••• 4242');
  });

  it('GIVEN alice WHEN she shows her profile with --public THEN e-mail addresses and payment methods stay private', async () => {
    h = await makeHarness();
    const r = await h.run('@bob /account --public');
    expect(r.visibility).toBe('public');
    expect(posted(r)).toContain('bob-ovh');
    expect(posted(r)).not.toMatch(/bob@example\.com|bob\.backup@example\.net/);
    expect(aside(r)).toContain('bob@example.com');
    const alice = await h.run('@alice /account --public');
    expect(posted(alice)).not.toContain('Visa');
    expect(aside(alice)).toContain('Visa •••• 4242');
  });

  it('GIVEN a private message that cannot be delivered WHEN the command was public THEN the warning naming the chat user stays private', async () => {
    h = await makeHarness();
    h.notifier.failWhen = (target) => (target === 'console:local/dave' ? 'DMs closed' : undefined);
    const r = await h.run('@alice /contacts change pc-demo billing=dave-ovh --public');
    expect(r.visibility).toBe('public');
    expect(posted(r)).toContain('CR-');
    expect(posted(r)).not.toContain('console:local/dave');
    expect(posted(r)).not.toContain('DMs closed');
    expect(aside(r)).toContain('console:local/dave');
  });

  it('GIVEN a private message that cannot be delivered WHEN the command was private THEN the warning is in the reply itself', async () => {
    h = await makeHarness();
    h.notifier.failWhen = (target) => (target === 'console:local/dave' ? 'DMs closed' : undefined);
    const r = await h.run('@alice /contacts change pc-demo billing=dave-ovh');
    expect(posted(r)).toContain('console:local/dave');
    expect(r.aside ?? []).toHaveLength(0);
  });

  it('GIVEN the console WHEN bob shows his profile with --public THEN the channel block has no e-mail, and a block only bob sees has it', async () => {
    h = await makeHarness();
    const out = await runConsoleLine(h.core, parseConsoleLine('@bob /account --public') as ConsoleLine);
    const [channel, mine] = out.split('→ (🔒 only @bob sees this)');
    expect(channel).toContain('📣');
    expect(channel).not.toContain('bob@example.com');
    expect(mine).toContain('bob@example.com');
  });
});
