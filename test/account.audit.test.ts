import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

describe('/account audit covers every item of SPEC §1 "Account"', () => {
  it('GIVEN alice on the demo data with an unpaid order and a voucher expiring WHEN she audits THEN each item of the guide is listed with its state', async () => {
    h = await makeHarness();
    const clean = await h.text('@alice /account audit');
    expect(clean).toContain('✅ No order awaiting payment');
    expect(clean).toContain('✅ No credit or voucher expiring within 30 days');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    h.clock.advance(70 * DAY);
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    const audit = await h.text('@alice /account audit');
    const items = [
      '✅ Primary e-mail address present',
      '⚠️ No backup e-mail address',
      '⚠️ Two-factor authentication not enabled',
      '✅ Payment method registered (1 service(s) renew automatically)',
      `⚠️ 1 order(s) awaiting payment: ${order}`,
      '⚠️ Voucher WELCOME-50 on pc-demo (€50.00 left) expires in 20 day(s)',
    ];
    for (const item of items) expect(audit).toContain(item);
  });

  it('GIVEN alice with vps-demo-1 due in 10 days WHEN she audits THEN the manual renewal item flags it', async () => {
    h = await makeHarness();
    expect(await h.text('@alice /account audit')).toContain('⚠️ vps-demo-1 (manual renewal) expires in 10 day(s)');
  });

  it('GIVEN dave, who has no service WHEN he audits THEN every item still has a line, none left out', async () => {
    h = await makeHarness();
    const dave = await h.text('@dave /account audit');
    for (const fr of [
      'Adresse e-mail principale renseignée',
      'Adresse e-mail de secours renseignée',
      'Double authentification non activée',
      'Aucun service facturé à ce compte n’est en renouvellement automatique',
      'Aucun renouvellement manuel à faire dans les 30 jours',
      'Aucune commande en attente de paiement',
      'Aucun crédit ni voucher n’expire dans les 30 jours',
    ]) expect(dave).toContain(fr);
  });
});
