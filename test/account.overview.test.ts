import { afterEach, describe, expect, it } from 'vitest';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';
import { replyToPlainText, type Reply } from '../src/core/reply.js';
import { SHOWCASE_REQUEST_ID, SHOWCASE_VOUCHER } from '../src/demo/demo-showcase.js';
import { OVERVIEW_HEADINGS } from '../src/commands/account.overview.view.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
const alice = consoleUser('alice');

/** The text under each heading of an overview reply, by heading. */
function sectionsOf(r: Reply): Map<string, string> {
  return new Map(r.sections.flatMap((s) => (s.kind === 'text' && s.heading ? [[s.heading, s.text] as const] : [])));
}

/** The token of a contact-change request in an account's service e-mails. */
async function tokenIn(user: string, id: string): Promise<string> {
  const mails = await h.text(`@${user} /account emails 10`);
  return new RegExp(`/contacts accept ${id} ([A-Z0-9]+)`).exec(mails)![1]!;
}

describe('/account overview on the ledger', () => {
  it('GIVEN alice on the demo data with the showcase WHEN she asks for her overview THEN all five sections show her items, most urgent first, with the buttons that fit', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const r = await h.run('/account overview');
    expect(r.visibility).toBe('private');
    const s = sectionsOf(r);
    expect([...s.keys()]).toEqual(Object.values(OVERVIEW_HEADINGS).map((x) => x.en));
    const expiring = s.get(OVERVIEW_HEADINGS.expiring.en)!;
    expect(expiring).toMatch(/hosting-demo[^\n]*terminates at expiry[^\n]*in 5 day\(s\)\n[^\n]*vps-demo-1[^\n]*manual renewal[^\n]*in 10 day\(s\)/);
    expect(expiring).not.toContain('example-demo.fr'); // 45 days away
    expect(s.get(OVERVIEW_HEADINGS.credits.en)).toMatch(new RegExp(`voucher ${SHOWCASE_VOUCHER}: €12\\.40 left of €20\\.00[^\\n]*in 20 day\\(s\\)\\)\\n[^\\n]*credit: €100\\.00 left of €100\\.00`));
    const order = /ORD-[A-Z0-9]+/.exec(s.get(OVERVIEW_HEADINGS.orders.en)!)![0];
    expect(s.get(OVERVIEW_HEADINGS.orders.en)).toContain('€60.00 incl. tax, cancelled on 7 Dec 2026 if unpaid'); // demo day + 14
    expect(s.get(OVERVIEW_HEADINGS.contacts.en)).toMatch(new RegExp(`${SHOWCASE_REQUEST_ID} — ks-demo, admin contact: bob-ovh → alice-ovh[^\\n]*/contacts accept ${SHOWCASE_REQUEST_ID} TOKEN`));
    const warnings = s.get(OVERVIEW_HEADINGS.warnings.en)!;
    expect(warnings).toContain('No backup e-mail address');
    expect(warnings).toContain('Two-factor authentication not enabled');
    expect(warnings).not.toContain('vps-demo-1'); // shown above, not repeated
    expect(r.actions!.map((a) => a.typed)).toEqual(['renew manual hosting-demo', 'renew pay vps-demo-1', 'renew auto vps-demo-1', `orders pay ${order}`]);
    expect(r.tone).toBe('warning');
  });

  it('GIVEN the overview WHEN alice clicks Pay THEN the order is paid; WHEN she clicks Undo cancel THEN hosting-demo renews manually again', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const r = await h.run('/account overview');
    const pay = r.actions!.find((a) => a.typed.startsWith('orders pay'))!;
    const paid = replyToPlainText(await h.core.click({ id: 'c1', user: alice, actionId: pay.id }));
    expect(paid).toMatch(/Order ORD-[A-Z0-9]+ paid: €60\.00/);
    const undo = r.actions!.find((a) => a.typed === 'renew manual hosting-demo')!;
    expect(replyToPlainText(await h.core.click({ id: 'c2', user: alice, actionId: undo.id }))).toContain('hosting-demo now renews in mode “manual”');
    const after = sectionsOf(await h.run('/account overview'));
    expect(after.get(OVERVIEW_HEADINGS.orders.en)).toBe('No order awaits payment.');
    expect(after.get(OVERVIEW_HEADINGS.expiring.en)).toMatch(/hosting-demo[^\n]*manual renewal/);
    expect(replyToPlainText(await h.core.click({ id: 'c3', user: consoleUser('bob'), actionId: pay.id }))).toContain('not yours');
  });

  it('GIVEN the showcase request WHEN alice accepts her side with the token from her e-mails THEN the overview says she waits for bob', async () => {
    h = await makeHarness({ demo: 'showcase' });
    await h.run(`/contacts accept ${SHOWCASE_REQUEST_ID} ${await tokenIn('alice', SHOWCASE_REQUEST_ID)}`);
    expect(sectionsOf(await h.run('/account overview')).get(OVERVIEW_HEADINGS.contacts.en)).toContain('you accepted, waiting for the other side');
    await h.run(`@bob /contacts accept ${SHOWCASE_REQUEST_ID} ${await tokenIn('bob', SHOWCASE_REQUEST_ID)}`);
    expect(sectionsOf(await h.run('/account overview')).get(OVERVIEW_HEADINGS.contacts.en)).toBe('No contact-change request is open.');
    expect(await h.text('/renew status ks-demo')).toContain('ks-demo'); // alice is now its admin contact
  });

  it('GIVEN dave, who has no service WHEN he asks in French THEN every section says it is empty, in French, and only the audit warns', async () => {
    h = await makeHarness();
    const r = await h.run('@dave /account overview');
    const s = sectionsOf(r);
    expect([...s.keys()]).toEqual(Object.values(OVERVIEW_HEADINGS).map((x) => x.fr));
    expect(s.get(OVERVIEW_HEADINGS.expiring.fr)).toBe('Rien n’expire dans les 30 jours.');
    expect(s.get(OVERVIEW_HEADINGS.credits.fr)).toBe('Plus aucun crédit ni voucher sur vos projets.');
    expect(s.get(OVERVIEW_HEADINGS.orders.fr)).toBe('Aucune commande n’attend de paiement.');
    expect(s.get(OVERVIEW_HEADINGS.contacts.fr)).toBe('Aucune demande de changement de contact en cours.');
    expect(s.get(OVERVIEW_HEADINGS.warnings.fr)).toBe('⚠️ Double authentification non activée → Activez la double authentification sur votre compte.');
    expect(r.actions ?? []).toEqual([]);
    expect(r.title).toBe('Vue d’ensemble de dave-ovh');
  });

  it('GIVEN alice writing in French WHEN she asks for her overview THEN dates, amounts and buttons are in French', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const r = await h.run('/account overview', { locale: 'fr' });
    const s = sectionsOf(r);
    expect(s.get(OVERVIEW_HEADINGS.expiring.fr)).toMatch(/hosting-demo[^\n]*résiliation à l’échéance, 28 nov\.? 2026, dans 5 jour\(s\)/);
    expect(s.get(OVERVIEW_HEADINGS.credits.fr)).toMatch(/12,40\s€ restants sur 20,00\s€/);
    expect(r.actions!.map((a) => a.label)).toContain('Annuler la résiliation : hosting-demo');
  });

  it('GIVEN more services expiring than a section shows WHEN alice asks THEN the most urgent come first and the rest is counted', async () => {
    h = await makeHarness();
    await h.uow.run(async (tx) => {
      const base = (await tx.services.get('vps-demo-1'))!;
      for (let i = 0; i < 12; i++) {
        await tx.services.put({ ...base, id: `vps-extra-${String(i).padStart(2, '0')}`, displayName: '', renewal: { ...base.renewal!, expiresAt: new Date(h.clock.now().getTime() + (20 - i) * DAY).toISOString() } });
      }
      return { commit: true, result: undefined };
    });
    const expiring = sectionsOf(await h.run('/account overview')).get(OVERVIEW_HEADINGS.expiring.en)!;
    const lines = expiring.split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toContain('hosting-demo'); // 5 days
    expect(lines[1]).toContain('vps-extra-11'); // 9 days
    expect(lines[8]).toBe('…and 6 more');
  });
});

describe('Guichet.overviewFor and overviewOfAccount (Home tab, digest)', () => {
  it('GIVEN alice WHEN the core is asked for her overview THEN it is the command’s reply, and nothing is audited', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const audited = async () => h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(100)).length }));
    const before = await audited();
    const r = await h.core.overviewFor(alice);
    expect(r.title).toBe('Overview of alice-ovh');
    expect(sectionsOf(r).size).toBe(5);
    expect(r.actions!.length).toBe(4);
    expect(await audited()).toBe(before);
    const pay = r.actions!.find((a) => a.typed.startsWith('orders pay'))!;
    expect(replyToPlainText(await h.core.click({ id: 'c1', user: alice, actionId: pay.id }))).toContain('paid');
  });

  it('GIVEN a chat user linked to no account WHEN the core is asked THEN it says how to get linked (no Connect button on the ledger)', async () => {
    h = await makeHarness();
    const r = await h.core.overviewFor(consoleUser('zed'));
    expect(r.code).toBe('ACCESS.NOT_LINKED');
    expect(replyToPlainText(r)).toContain('/guichet admin link console:local/zed');
    expect(r.actions ?? []).toEqual([]);
  });

  it('GIVEN the store fails WHEN the core is asked THEN it answers an error with a reference instead of throwing', async () => {
    h = await makeHarness();
    const broken = Object.create(h.core.deps.store) as typeof h.core.deps.store;
    broken.run = () => Promise.reject(new Error('disk on fire'));
    const { Guichet } = await import('../src/core/guichet.js');
    const core = new Guichet({ ...h.core.deps, store: broken });
    const r = await core.overviewFor(alice);
    expect(r.code).toBe('INTERNAL');
    expect(r.ref).toMatch(/^ERR-/);
  });

  it('GIVEN a job WHEN it asks for the overview of an account THEN it gets the reply and whether anything needs anyone; an unknown account gets nothing', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const view = await h.core.overviewOfAccount('alice-ovh');
    expect(view!.needsAnyone).toBe(true);
    expect(view!.reply.title).toBe('Overview of alice-ovh');
    expect(view!.reply.actions!.map((a) => a.typed)).toContain('renew pay vps-demo-1');
    expect(await h.core.overviewOfAccount('nobody-ovh')).toBeUndefined();
    const french = await h.core.overviewOfAccount('dave-ovh');
    expect(french!.reply.locale).toBe('fr');
  });
});

describe('what needs anyone (the weekly digest is skipped otherwise)', () => {
  const entry = (expiresAt: string) => ({ id: 'V-X', kind: 'voucher' as const, initialMinor: 1000, balanceMinor: 500, currency: 'EUR', createdAt: '2026-01-01T00:00:00.000Z', expiresAt, state: 'active' as const, orderId: null, voucherCode: 'X', expiredMinor: 0, finishedAt: null });
  const base = async () => {
    const { demoAccounts, demoServices } = await import('../src/demo/demo-data.js');
    const at = '2026-11-23T09:00:00.000Z';
    const project = demoServices(new Date(at))[0]!;
    return { account: demoAccounts()[1]!, at, project, expiring: [], credits: [], orders: [], contactChanges: [], warnings: [] };
  };

  it('GIVEN nothing in any section, or only a balance far from expiry THEN nobody is needed; GIVEN credit expiring within 30 days or a warning THEN someone is', async () => {
    const { needsAnyone } = await import('../src/flows/overview.js');
    const { project, ...o } = await base();
    expect(needsAnyone(o)).toBe(false);
    expect(needsAnyone({ ...o, credits: [{ project, entries: [entry('2027-06-01T00:00:00.000Z')] }] })).toBe(false);
    expect(needsAnyone({ ...o, credits: [{ project, entries: [entry('2026-12-20T00:00:00.000Z')] }] })).toBe(true);
    expect(needsAnyone({ ...o, warnings: [{ ok: false, label: { en: 'x', fr: 'x' } }] })).toBe(true);
  });
});

describe('orders by urgency', () => {
  it('GIVEN two orders awaiting payment WHEN alice asks THEN the older one (cancelled first) comes first', async () => {
    h = await makeHarness();
    const first = /ORD-[A-Z0-9]+/.exec(await h.text('/credit buy 10 pc-demo'))![0];
    h.clock.advance(DAY);
    const second = /ORD-[A-Z0-9]+/.exec(await h.text('/credit buy 20 pc-demo'))![0];
    const orders = sectionsOf(await h.run('/account overview')).get(OVERVIEW_HEADINGS.orders.en)!.split('\n');
    expect(orders[0]).toContain(first);
    expect(orders[1]).toContain(second);
  });
});

describe('typing it again', () => {
  it('GIVEN alice typed /account overview WHEN she types it again in the same place at once THEN she gets a fresh overview, not "Already done"', async () => {
    h = await makeHarness({ demo: 'showcase' });
    const typed = (id: string) => h.core.handle({ id, user: alice, channel: 'console:local/general', command: 'account', input: { kind: 'text', text: 'overview' }, repeatKey: 'console:local/alice|account overview' });
    await typed('t1');
    const again = await typed('t2');
    expect(replyToPlainText(again)).not.toContain('Already done');
    expect(again.title).toBe('Overview of alice-ovh');
  });
});
