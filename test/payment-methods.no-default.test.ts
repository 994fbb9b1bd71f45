import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { aService, getService, saveService } from './support/renewal.js';
import { replyToPlainText } from '../src/core/reply.js';
import { paymentMethodCheck } from '../src/commands/account.checks.js';
import { cannotPayMessage, MAKE_DEFAULT_STEPS } from '../src/flows/cannot-pay.js';
import { defaultPaymentMethod, paymentBlock, usableDefaultPaymentMethod, type Account, type PaymentMethod } from '../src/domain/account.js';
import type { AccountFacts } from '../src/domain/account-checks.js';
import { demoAccounts } from '../src/demo/demo-data.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DAY = 86_400_000;
const CARD: PaymentMethod = { id: 'pm-alice-card', kind: 'card', label: 'Visa •••• 4242', default: false };
const SEPA: PaymentMethod = { id: 'pm-alice-sepa', kind: 'sepa-debit', label: 'SEPA FR76 •••• 0189', default: false };
/** Two methods, neither flagged the default (what OVHcloud allows, and an imported ledger document may hold). */
const NONE_DEFAULT = [CARD, SEPA];
const alice = (methods: PaymentMethod[] = NONE_DEFAULT): Account => ({ ...demoAccounts().find((a) => a.id === 'alice-ovh')!, paymentMethods: methods });

/** Replaces an account's payment methods in the store. */
async function setMethods(h: Harness, accountId: string, methods: PaymentMethod[]): Promise<void> {
  await h.uow.run(async (tx) => {
    tx.accounts.put({ ...(await tx.accounts.get(accountId))!, paymentMethods: methods });
    return { commit: true, result: undefined };
  });
}

describe('an account whose payment methods include none flagged the default', () => {
  it('GIVEN two methods, neither the default WHEN asked THEN there is no default (the first does not stand in), so it cannot pay: no-default; the other cases are as before', () => {
    expect(defaultPaymentMethod(alice())).toBeUndefined();
    expect(usableDefaultPaymentMethod(alice())).toBeUndefined();
    expect(paymentBlock(alice())).toBe('no-default');
    expect(paymentBlock(alice([{ ...CARD, usable: false }]))).toBe('no-default');
    // Unchanged: the flagged method wherever it is, none, closed (whatever the methods), unusable.
    expect(usableDefaultPaymentMethod(alice([CARD, { ...SEPA, default: true }]))?.id).toBe('pm-alice-sepa');
    expect(paymentBlock(alice([]))).toBe('none');
    expect(paymentBlock({ ...alice(), closedAt: '2026-01-01T00:00:00.000Z' })).toBe('closed');
    expect(paymentBlock(alice([CARD, { ...SEPA, default: true, usable: false }]))).toBe('unusable');
  });

  it('GIVEN an automatic service it pays WHEN the audit checks it THEN it says none of its 2 methods is the default and to make one the default, naming neither', () => {
    const service = aService('auto-vps', { expiresAt: '2027-01-10T00:00:00.000Z', mode: 'automatic', contacts: { admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' } });
    const facts: AccountFacts = { account: alice(), billed: [service], credits: [], openOrders: [], debts: [] };
    const [f] = paymentMethodCheck(facts, new Date('2026-11-23T09:00:00.000Z'), { timeZone: 'Europe/Paris', graceDays: 14 });
    expect(f!.ok).toBe(false);
    expect(f!.label).toEqual({
      en: 'None of the 2 payment method(s) is the default: the automatic renewal of 1 service(s) will fail',
      fr: 'Aucun des 2 moyen(s) de paiement n’est défini par défaut : le renouvellement automatique de 1 service(s) échouera',
    });
    expect(f!.advice).toEqual({ en: `${MAKE_DEFAULT_STEPS.en}, or switch those services to manual renewal.`, fr: `${MAKE_DEFAULT_STEPS.fr}, ou passez ces services en renouvellement manuel.` });
    expect(MAKE_DEFAULT_STEPS.en).toBe('Make one of them the default in the control panel (Billing › Payment methods)');
    expect(JSON.stringify(f)).not.toMatch(/4242|0189|Visa|SEPA/);
  });

  it('GIVEN the payer itself WHEN told it cannot pay THEN it hears how many methods and to make one the default; anyone else hears neither the count nor the methods', () => {
    const what = { en: 'order ORD-1 cannot be paid', fr: 'la commande ORD-1 ne peut pas être payée' };
    expect(cannotPayMessage(alice(), 'alice-ovh', true, what)).toEqual({
      en: 'None of the 2 payment method(s) of account alice-ovh is the default, so order ORD-1 cannot be paid. Make one of them the default in the control panel (Billing › Payment methods), then try again.',
      fr: 'Aucun des 2 moyen(s) de paiement du compte alice-ovh n’est défini par défaut : la commande ORD-1 ne peut pas être payée. Définissez-en un par défaut dans l’espace client (Facturation › Moyens de paiement), puis réessayez.',
    });
    const other = cannotPayMessage(alice(), 'alice-ovh', false, what);
    expect(other.en).toBe('No payment method of account alice-ovh is the default, so order ORD-1 cannot be paid. Its billing contact alice-ovh must make one of its payment methods the default in the control panel (Billing › Payment methods).');
    expect(JSON.stringify(other)).not.toMatch(/4242|0189| 2 /);
  });
});

describe('the ledger: an account stored with payment methods of which none is the default', () => {
  it('GIVEN alice’s two methods, neither the default, and an order awaiting payment WHEN she audits and opens her overview THEN both say it, and no payment button is offered for what she pays', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    await setMethods(h, 'alice-ovh', NONE_DEFAULT);
    expect(await h.text('@alice /account audit')).toContain(
      '⚠️ None of the 2 payment method(s) is the default: the automatic renewal of 1 service(s) will fail; 1 manual renewal(s) due within 30 days cannot be paid; 1 order(s) awaiting payment cannot be paid\n    → Make one of them the default in the control panel (Billing › Payment methods), or switch the services that renew automatically to manual renewal.',
    );
    const r = await h.run('@alice /account overview');
    const typed = r.actions!.map((a) => a.typed);
    for (const withheld of ['renew pay vps-demo-1', 'renew auto vps-demo-1', `orders pay ${order}`]) expect(typed).not.toContain(withheld);
    expect(replyToPlainText(r)).toContain('None of the 2 payment method(s) is the default');
    expect(replyToPlainText(r)).not.toMatch(/4242|0189/);
  });

  it('GIVEN alice’s two methods, neither the default WHEN she switches to automatic, renews or pays THEN each is refused saying so, nothing is charged, and the mode stays manual', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    await setMethods(h, 'alice-ovh', NONE_DEFAULT);
    const auto = await h.run('@alice /renew auto vps-demo-1');
    expect(auto.code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect(replyToPlainText(auto)).toContain('None of the 2 payment method(s) of account alice-ovh is the default, so the automatic renewal of vps-demo-1, paid by its billing contact, would fail. Make one of them the default in the control panel (Billing › Payment methods), then try again.');
    expect((await getService(h, 'vps-demo-1'))!.renewal!.mode).toBe('manual');
    const pay = await h.run(`@alice /orders pay ${order}`);
    expect(pay.code).toBe('ORDER.NO_PAYMENT_METHOD');
    expect(replyToPlainText(pay)).toContain(`is the default, so order ${order} cannot be paid.`);
    expect((await h.run('@alice /renew pay vps-demo-1 --yes')).code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2026-12-03T09:00:00.000Z');
    await setMethods(h, 'alice-ovh', [CARD, { ...SEPA, default: true }]);
    expect((await h.run('@alice /renew auto vps-demo-1')).code).toBeUndefined();
  });

  it('GIVEN a service alice administers and carol pays, carol’s methods none the default WHEN alice switches it to automatic THEN it is refused saying carol must make one the default, without her methods', async () => {
    h = await makeHarness();
    await setMethods(h, 'carol-ovh', [{ id: 'pm-carol-card', kind: 'card', label: 'Mastercard •••• 5454', default: false }]);
    await saveService(h, aService('shared-vps', { expiresAt: '2027-01-10T00:00:00.000Z', contacts: { admin: 'alice-ovh', billing: 'carol-ovh', tech: 'alice-ovh' } }));
    const r = await h.run('@alice /renew auto shared-vps');
    expect(r.code).toBe('RENEW.NO_PAYMENT_METHOD');
    const said = replyToPlainText(r);
    expect(said).toContain('No payment method of account carol-ovh is the default');
    expect(said).toContain('Its billing contact carol-ovh must make one of its payment methods the default');
    expect(said).not.toContain('5454');
  });

  it('GIVEN example-demo.fr renews automatically and alice’s methods none the default WHEN its expiry passes THEN the preview warned, the renewal fails (no-default-payment-method) and the reminder says to make one the default', async () => {
    h = await makeHarness();
    await h.run('@alice /reminders subscribe');
    await setMethods(h, 'alice-ovh', NONE_DEFAULT);
    h.clock.advance(20 * DAY);
    expect(await h.text('@alice /reminders preview')).toContain('example-demo.fr: automatic renewal will fail (no payment method is the default)');
    h.clock.advance(25 * DAY);
    expect(await h.text('@root /guichet admin run-jobs')).toContain('example-demo.fr: automatic renewal failed (no-default-payment-method)');
    expect((await getService(h, 'example-demo.fr'))!.state).toBe('expired');
    const failed = h.notifier.posts.find((p) => p.text.startsWith('Automatic renewal failed: example-demo.fr'));
    expect(failed?.text).toContain('none of the payment methods of the billing contact alice-ovh is the default');
    expect(failed?.text).toContain('Make one of them the default in the control panel (Billing › Payment methods), then renew it with /renew pay example-demo.fr.');
  });

  it('GIVEN alice’s methods none the default and no credit WHEN consumption is charged THEN neither method is charged: it is an unpaid bill', async () => {
    h = await makeHarness();
    await setMethods(h, 'alice-ovh', NONE_DEFAULT);
    const said = replyToPlainText(await h.run('@root /guichet admin charge pc-demo 12,34'));
    expect(said).toMatch(/unpaid \(bill on alice-ovh\)\s+€12\.34/);
    expect(said).not.toContain('4242');
  });
});
