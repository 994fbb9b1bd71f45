import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { aService, getService, saveService } from './support/renewal.js';
import { replyToPlainText } from '../src/core/reply.js';
import { paymentMethodCheck } from '../src/commands/account.checks.js';
import { ADD_PAYMENT_METHOD_STEPS } from '../src/flows/cannot-pay.js';
import { Account, paymentBlock, usableDefaultPaymentMethod, type PaymentMethod } from '../src/domain/account.js';
import type { AccountFacts } from '../src/domain/account-checks.js';
import { demoAccounts } from '../src/demo/demo-data.js';
import { paymentMethodOf } from '../adapters/ovhcloud/provider/ovh-mapping.js';
import type { PaymentMethod as OvhPaymentMethod } from '../adapters/ovhcloud/operations/account.ops.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DAY = 86_400_000;
const EXPIRED_CARD: PaymentMethod = { id: 'pm-alice-card', kind: 'card', label: 'Visa •••• 4242 (expired)', default: true, usable: false };
const alice = () => demoAccounts().find((a) => a.id === 'alice-ovh')!;

/** Replaces an account's payment methods in the store. */
async function setMethods(h: Harness, accountId: string, methods: PaymentMethod[]): Promise<void> {
  await h.uow.run(async (tx) => {
    tx.accounts.put({ ...(await tx.accounts.get(accountId))!, paymentMethods: methods });
    return { commit: true, result: undefined };
  });
}

/** The facts of `paymentMethodCheck`: the account and one automatic service billed to `billing`. */
function factsOf(account: Account, billing = account.id): AccountFacts {
  const service = aService('auto-vps', { expiresAt: '2027-01-10T00:00:00.000Z', mode: 'automatic', contacts: { admin: account.id, billing, tech: account.id } });
  return { account, billed: [service], credits: [], openOrders: [], debts: [] };
}

describe('a usable default payment method', () => {
  it('GIVEN a stored account whose methods predate `usable` WHEN it is read THEN its default method is usable; GIVEN usable=false or a closed account THEN none is', () => {
    const legacy = Account.parse(JSON.parse(JSON.stringify({ ...alice(), paymentMethods: [{ id: 'pm-1', kind: 'card', label: 'Visa •••• 4242', default: true }] })));
    expect(usableDefaultPaymentMethod(legacy)?.id).toBe('pm-1');
    expect(paymentBlock({ ...legacy, paymentMethods: [EXPIRED_CARD] })).toBe('unusable');
    expect(paymentBlock({ ...legacy, paymentMethods: [] })).toBe('none');
    expect(paymentBlock({ ...legacy, closedAt: '2026-01-01T00:00:00.000Z' })).toBe('closed');
  });

  it('GIVEN OVHcloud payment methods WHEN mapped THEN only VALID is usable, and the label says the state of the others', () => {
    const ovh = (status: OvhPaymentMethod['status']): OvhPaymentMethod => ({
      paymentMethodId: 7, paymentType: 'CREDIT_CARD', paymentSubType: null, status, default: true, label: 'Visa •••• 4242', description: null,
      expirationDate: null, creationDate: '2026-01-01T00:00:00Z', lastUpdate: '2026-01-01T00:00:00Z',
    } as OvhPaymentMethod);
    expect(paymentMethodOf(ovh('VALID'))).toMatchObject({ label: 'Visa •••• 4242', usable: true });
    for (const status of ['EXPIRED', 'FAILED', 'CANCELED', 'PAUSED', 'REJECTED'] as const) {
      expect(paymentMethodOf(ovh(status)), status).toMatchObject({ label: `Visa •••• 4242 (${status.toLowerCase()})`, usable: false });
    }
  });
});

describe('the audit check of the payment method for automatic renewals', () => {
  const now = new Date('2026-11-23T09:00:00.000Z');
  const settings = { timeZone: 'Europe/Paris', graceDays: 14 };

  it('GIVEN a usable default method WHEN checked THEN ok; GIVEN none THEN it says the renewals will fail; GIVEN an unusable one THEN it says it cannot pay without naming it', () => {
    const [ok] = paymentMethodCheck(factsOf(alice()), now, settings);
    expect(ok).toMatchObject({ ok: true, label: { en: 'Payment method registered (1 service(s) renew automatically)' } });
    const [none] = paymentMethodCheck(factsOf({ ...alice(), paymentMethods: [] }), now, settings);
    expect(none!.ok).toBe(false);
    expect(none!.label.en).toBe('No payment method: the automatic renewal of 1 service(s) will fail');
    expect(none!.advice!.en).toBe('Add one in the control panel (Billing › Payment methods › Add a payment method) and make it the default, or switch those services to manual renewal.');
    const [unusable] = paymentMethodCheck(factsOf({ ...alice(), paymentMethods: [EXPIRED_CARD] }), now, settings);
    expect(unusable!.ok).toBe(false);
    expect(unusable!.label.en).toBe('The default payment method cannot pay (its state is shown by /account): the automatic renewal of 1 service(s) will fail');
    expect(unusable!.label.fr).toBe('Le moyen de paiement par défaut ne peut pas payer (son état est indiqué par /account) : le renouvellement automatique de 1 service(s) échouera');
    // Findings reach channels (weekly digest): the method itself stays out.
    expect(JSON.stringify(unusable)).not.toContain('4242');
  });

  it('GIVEN an automatic service another account pays for WHEN the account without payment method is checked THEN nothing of its own will fail', () => {
    const [f] = paymentMethodCheck(factsOf({ ...alice(), paymentMethods: [] }, 'carol-ovh'), now, settings);
    expect(f).toMatchObject({ ok: true, label: { en: 'No service billed to this account renews automatically, so no payment method is required' } });
  });

  it('GIVEN no automatic renewal but a manual renewal due and an order awaiting payment WHEN the account cannot pay THEN the check says both cannot be paid, with the one advice text; WHEN it can THEN ok', () => {
    const manual = (id: string, expiresAt: string, contacts = { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' }) => aService(id, { expiresAt, mode: 'manual', contacts });
    const order = { id: 'ORD-1', account: 'alice-ovh', state: 'awaiting-payment' } as AccountFacts['openOrders'][number];
    const facts = (account: Account): AccountFacts => ({
      account,
      billed: [
        manual('due-vps', '2026-12-03T09:00:00.000Z'),
        manual('later-vps', '2027-02-01T09:00:00.000Z'),
        manual('tech-only', '2026-12-03T09:00:00.000Z', { admin: 'carol-ovh', billing: 'carol-ovh', tech: 'alice-ovh' }),
      ],
      credits: [], openOrders: [order], debts: [],
    });
    const [f] = paymentMethodCheck(facts({ ...alice(), paymentMethods: [EXPIRED_CARD] }), now, settings);
    expect(f!.ok).toBe(false);
    expect(f!.label.en).toBe('The default payment method cannot pay (its state is shown by /account): 1 manual renewal(s) due within 30 days cannot be paid; 1 order(s) awaiting payment cannot be paid');
    expect(f!.advice).toEqual({ en: `${ADD_PAYMENT_METHOD_STEPS.en}.`, fr: `${ADD_PAYMENT_METHOD_STEPS.fr}.` });
    expect(JSON.stringify(f)).not.toContain('4242');
    const [none] = paymentMethodCheck({ ...facts({ ...alice(), paymentMethods: [] }), billed: [] }, now, settings);
    expect(none!.label.en).toBe('No payment method: 1 order(s) awaiting payment cannot be paid');
    expect(paymentMethodCheck(facts(alice()), now, settings)[0]!.ok).toBe(true);
  });

  it('GIVEN alice’s card expired WHEN she audits THEN the check fails with what will fail and how to fix it', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    expect(await h.text('@alice /account audit')).toContain(
      '⚠️ The default payment method cannot pay (its state is shown by /account): the automatic renewal of 1 service(s) will fail; 1 manual renewal(s) due within 30 days cannot be paid\n    → Add one in the control panel',
    );
  });
});

describe('the overview’s payment buttons (Renew now, Automatic, Pay)', () => {
  const typedOf = async (h: Harness) => (await h.run('@alice /account overview')).actions!.map((a) => a.typed);

  it('GIVEN alice’s card is usable and an order awaits payment WHEN she opens her overview THEN Renew now, Automatic and Pay are offered', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    expect(await typedOf(h)).toEqual(expect.arrayContaining(['renew pay vps-demo-1', 'renew auto vps-demo-1', `orders pay ${order}`]));
  });

  it('GIVEN alice’s card expired and an order awaits payment WHEN she opens her overview THEN none of the three is offered for what she pays, the order is still listed, and a warning says why and what to do without naming the card', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    const r = await h.run('@alice /account overview');
    const typed = r.actions!.map((a) => a.typed);
    expect(typed).not.toContain('renew pay vps-demo-1');
    expect(typed).not.toContain('renew auto vps-demo-1');
    expect(typed).not.toContain(`orders pay ${order}`);
    expect(typed).toContain('renew manual hosting-demo');
    const said = replyToPlainText(r);
    expect(said).toContain(order);
    expect(said).toContain('The default payment method cannot pay (its state is shown by /account): the automatic renewal of 1 service(s) will fail; 1 manual renewal(s) due within 30 days cannot be paid; 1 order(s) awaiting payment cannot be paid');
    expect(said).toContain(`${ADD_PAYMENT_METHOD_STEPS.en}, or switch the services that renew automatically to manual renewal.`);
    expect(said).not.toContain('4242');
    // What the withheld buttons would have done is refused.
    expect((await h.run(`@alice /orders pay ${order}`)).code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect((await h.run('@alice /renew pay vps-demo-1')).code).toBe('RENEW.NO_PAYMENT_METHOD');
  });

  it('GIVEN alice has no payment method at all WHEN she opens her overview THEN neither Renew now nor Automatic is offered for her services', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', []);
    const typed = await typedOf(h);
    expect(typed).not.toContain('renew auto vps-demo-1');
    expect(typed).not.toContain('renew pay vps-demo-1');
  });

  it('GIVEN alice’s card expired and a service she administers that carol pays WHEN she opens her overview THEN Automatic (paid by carol) is kept, Renew now (charged to alice) is not', async () => {
    h = await makeHarness();
    await saveService(h, aService('carol-pays', { expiresAt: '2026-12-01T09:00:00.000Z', contacts: { admin: 'alice-ovh', billing: 'carol-ovh', tech: 'alice-ovh' } }));
    expect(await typedOf(h)).toEqual(expect.arrayContaining(['renew pay carol-pays', 'renew auto carol-pays']));
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    const typed = await typedOf(h);
    expect(typed).toContain('renew auto carol-pays');
    expect(typed).not.toContain('renew pay carol-pays');
    expect(typed).not.toContain('renew auto vps-demo-1');
    expect((await h.run('@alice /renew pay carol-pays')).code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect((await h.run('@alice /renew auto carol-pays')).code).toBeUndefined();
  });
});

describe('paying with an unusable default method on the ledger', () => {
  it('GIVEN alice’s card expired WHEN she switches vps-demo-1 to automatic THEN it is refused naming her card and its state, and the mode stays manual', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    const r = await h.run('@alice /renew auto vps-demo-1');
    expect(r.code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect(replyToPlainText(r)).toContain('The default payment method of account alice-ovh, Visa •••• 4242 (expired), cannot pay, so the automatic renewal of vps-demo-1, paid by its billing contact, would fail. Add one in the control panel');
    expect((await getService(h, 'vps-demo-1'))!.renewal!.mode).toBe('manual');
  });

  it('GIVEN a service alice administers and carol pays, carol’s card expired WHEN alice switches it to automatic THEN it is refused without showing carol’s card', async () => {
    h = await makeHarness();
    await setMethods(h, 'carol-ovh', [{ id: 'pm-carol-card', kind: 'card', label: 'Mastercard •••• 5454 (expired)', default: true, usable: false }]);
    await saveService(h, aService('shared-vps', { expiresAt: '2027-01-10T00:00:00.000Z', contacts: { admin: 'alice-ovh', billing: 'carol-ovh', tech: 'alice-ovh' } }));
    const r = await h.run('@alice /renew auto shared-vps');
    expect(r.code).toBe('RENEW.NO_PAYMENT_METHOD');
    const said = replyToPlainText(r);
    expect(said).toContain('The default payment method of account carol-ovh cannot pay');
    expect(said).toContain('Its billing contact carol-ovh must add one');
    expect(said).not.toContain('5454');
  });

  it('GIVEN alice’s card expired WHEN she pays an order or renews a service THEN both are refused and nothing is paid', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    const pay = await h.run(`@alice /orders pay ${order}`);
    expect(pay.code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect(replyToPlainText(pay)).toContain(`Visa •••• 4242 (expired), cannot pay, so order ${order} cannot be paid.`);
    expect((await h.run('@alice /renew pay vps-demo-1 --yes')).code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect((await h.run('@alice /renew pay vps-demo-1')).code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2026-12-03T09:00:00.000Z');
  });

  it('GIVEN example-demo.fr renews automatically and alice’s card expired WHEN its expiry passes THEN the renewal fails (no-payment-method) and the preview warned of it', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    h.clock.advance(20 * DAY);
    expect(await h.text('@alice /reminders preview')).toContain('example-demo.fr: automatic renewal will fail (no usable payment method)');
    h.clock.advance(25 * DAY);
    expect(await h.text('@root /guichet admin run-jobs')).toContain('example-demo.fr: automatic renewal failed (no-payment-method)');
    expect((await getService(h, 'example-demo.fr'))!.state).toBe('expired');
  });

  it('GIVEN alice’s card expired and no credit WHEN consumption is charged THEN nothing goes to the card: it is an unpaid bill', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', [EXPIRED_CARD]);
    expect(replyToPlainText(await h.run('@root /guichet admin charge pc-demo 12,34'))).toMatch(/unpaid \(bill on alice-ovh\)\s+€12\.34/);
  });
});
