import { afterEach, describe, expect, it } from 'vitest';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';
import { aService, dueFor, getService, lastDeleteToken, saveService } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const MIN = 60_000;

describe('/renew status, manual, auto, cancel', () => {
  it('GIVEN the demo WHEN alice asks /renew status THEN her renewable services are listed by expiry, without the Public Cloud project', async () => {
    h = await makeHarness();
    const out = await h.text('@alice /renew status');
    expect(out.indexOf('hosting-demo')).toBeLessThan(out.indexOf('vps-demo-1'));
    expect(out.indexOf('vps-demo-1')).toBeLessThan(out.indexOf('example-demo.fr'));
    expect(out).not.toContain('pc-demo');
    expect(await h.text('@alice /renew status vps-demo-1')).toMatch(/manual[\s\S]*3 Dec 2026 \(in 10 day\(s\)\)/);
  });

  it('GIVEN a service whose admin is alice, billing carol and tech dave WHEN each acts THEN only the admin changes modes, admin or billing pays, anyone reads', async () => {
    h = await makeHarness();
    await saveService(h, aService('shared-vps', { expiresAt: '2027-01-10T00:00:00.000Z', contacts: { admin: 'alice-ovh', billing: 'carol-ovh', tech: 'dave-ovh' } }));
    expect((await h.run('@dave /renew status shared-vps')).tone).not.toBe('error');
    for (const line of ['@dave /renew auto shared-vps', '@carol /renew manual shared-vps', '@carol /renew cancel shared-vps too expensive', '@dave /renew delete-now shared-vps']) {
      expect((await h.run(line)).code, line).toBe('ACCESS.NOT_A_CONTACT');
    }
    expect((await h.run('@dave /renew pay shared-vps')).code).toBe('ACCESS.NOT_A_CONTACT');
    expect((await h.run('@bob /renew status shared-vps')).code).toBe('SERVICE.NOT_FOUND');
    expect((await getService(h, 'shared-vps'))!.renewal!.mode).toBe('manual');
    const paid = await h.run('@carol /renew pay shared-vps --yes');
    expect(paid.tone).toBe('success');
    expect((await getService(h, 'shared-vps'))!.renewal!.expiresAt).toBe('2027-02-10T00:00:00.000Z');
    expect((await h.run('@alice /renew cancel shared-vps moving to another provider')).tone).toBe('success');
  });

  it('GIVEN bob without a payment method WHEN he switches ks-demo to automatic or pays THEN both are refused saying how to add one', async () => {
    h = await makeHarness();
    expect((await h.run('@bob /renew manual ks-demo')).tone).toBe('success');
    const auto = await h.run('@bob /renew auto ks-demo');
    expect(auto.code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect(await h.text('@bob /renew auto ks-demo')).toContain('Payment methods');
    expect((await getService(h, 'ks-demo'))!.renewal!.mode).toBe('manual');
    expect((await h.run('@bob /renew pay ks-demo')).code).toBe('RENEW.NO_PAYMENT_METHOD');
    expect((await getService(h, 'ks-demo'))!.renewal!.expiresAt).toBe('2026-11-26T09:00:00.000Z');
  });

  it('GIVEN hosting-demo set to terminate WHEN alice switches back before expiry THEN it is manual again, and after expiry the switch is refused', async () => {
    h = await makeHarness();
    expect(await h.text('@alice /renew manual hosting-demo')).toContain('now renews in mode “manual”');
    const s = (await getService(h, 'hosting-demo'))!;
    expect(s.renewal).toMatchObject({ mode: 'manual', cancelReason: null });
    expect((await dueFor(h, 'hosting-demo')).map((e) => e.kind).sort()).toEqual(['reminder:renewal', 'service-expiry']);
    expect((await h.run('@alice /renew cancel hosting-demo')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /renew cancel hosting-demo no')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /renew cancel hosting-demo moving the site elsewhere')).tone).toBe('success');
    expect((await getService(h, 'hosting-demo'))!.renewal).toMatchObject({ mode: 'cancel', cancelReason: 'moving the site elsewhere' });
    expect((await dueFor(h, 'hosting-demo')).map((e) => e.kind).sort()).toEqual(['reminder:termination', 'service-expiry']);
    h.clock.advance(6 * 86_400_000);
    expect((await h.run('@alice /renew auto hosting-demo')).code).toBe('RENEW.PAST_EXPIRY');
  });

  it('GIVEN the Public Cloud project WHEN alice sets its renewal THEN it is refused: it is billed on consumption', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /renew manual pc-demo')).code).toBe('RENEW.NOT_RENEWABLE');
    expect((await h.run('@alice /renew manual nope-service')).code).toBe('SERVICE.NOT_FOUND');
    expect((await h.run('@alice /renew manual')).code).toBe('SERVICE.AMBIGUOUS');
    expect((await h.run('@bob /renew manual')).tone).toBe('success');
  });
});

describe('/renew pay', () => {
  it('GIVEN vps-demo-1 WHEN alice pays THEN a delivered order for one period moves the expiry by a month and the due entries follow', async () => {
    h = await makeHarness();
    const out = await h.text('@alice /renew pay vps-demo-1 --yes');
    const orderId = /Order (ORD-[A-Z0-9]+) paid/.exec(out)?.[1];
    expect(orderId).toBeDefined();
    expect(out).toContain('8,39'.replace(',', '.'));
    const order = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.get(orderId!) }));
    expect(order).toMatchObject({ state: 'delivered', totalExclMinor: 699, taxMinor: 140, totalInclMinor: 839, paidWith: 'pm-alice-card' });
    expect(order!.steps.map((s) => s.state)).toEqual(['awaiting-payment', 'payment-received', 'processing', 'delivered']);
    expect(order!.lines[0]).toMatchObject({ kind: 'renewal', serviceId: 'vps-demo-1', periodMonths: 1 });
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
    expect((await dueFor(h, 'vps-demo-1')).find((e) => e.kind === 'service-expiry')!.at).toBe('2027-01-03T09:00:00.000Z');
    expect((await dueFor(h, 'vps-demo-1')).filter((e) => e.kind === 'service-expiry')).toHaveLength(1);
  });

  it('GIVEN two payments typed at the same moment WHEN both run concurrently THEN the expiry moves by two periods (no lost update)', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const [a, b] = await Promise.all([h.run('@alice /renew pay vps-demo-1 --yes'), h.run('@alice /renew pay vps-demo-1 --yes')]);
    expect([a.tone, b.tone]).toEqual(['success', 'success']);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-02-03T09:00:00.000Z');
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh') }));
    expect(orders.items).toHaveLength(2);
  });

  it('GIVEN the same invocation delivered twice WHEN it runs again THEN it is paid once and the reply says so', async () => {
    h = await makeHarness();
    await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'inv-1' });
    const replay = await h.run('@alice /renew pay vps-demo-1 --yes', { id: 'inv-1' });
    expect(replay.sections[0]).toMatchObject({ text: expect.stringContaining('Already done') });
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh') }));
    expect(orders.items).toHaveLength(1);
  });

  it('GIVEN vps-demo-1 WHEN alice types /renew pay without --yes THEN the price, the card and the new expiry are shown with a Pay button, and nothing is charged', async () => {
    h = await makeHarness();
    const ask = await h.run('@alice /renew pay vps-demo-1');
    expect(ask.tone).toBe('warning');
    const out = await h.text('@alice /renew pay vps-demo-1');
    for (const part of ['€6.99', '20 %', '€1.40', '€8.39', 'Visa', '3 Jan 2027', 'Nothing is charged yet', '/renew pay vps-demo-1 --yes']) expect(out, part).toContain(part);
    expect(ask.actions?.[0]).toMatchObject({ label: 'Pay €8.39', typed: 'renew pay vps-demo-1 --yes' });
    const orders = await h.uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh') }));
    expect(orders.items).toHaveLength(0);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2026-12-03T09:00:00.000Z');
    const fr = await h.run('@alice /renew pay vps-demo-1', { locale: 'fr' });
    expect(JSON.stringify(fr)).toContain('Rien n’est encore débité');
    expect(JSON.stringify(fr)).toContain('Payer 8,39');
  });

  it('GIVEN the price shown WHEN bob clicks alice’s Pay button THEN nothing happens; WHEN alice clicks it THEN one period is paid, once', async () => {
    h = await makeHarness();
    const actionId = (await h.run('@alice /renew pay vps-demo-1')).actions![0]!.id;
    expect((await h.core.click({ id: 'c1', user: consoleUser('bob'), actionId })).code).toBe('ACTION.FOREIGN');
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2026-12-03T09:00:00.000Z');
    expect((await h.core.click({ id: 'c2', user: consoleUser('alice'), actionId })).tone).toBe('success');
    expect((await h.core.click({ id: 'c3', user: consoleUser('alice'), actionId })).sections[0]).toMatchObject({ text: expect.stringContaining('Already done') });
    expect((await getService(h, 'vps-demo-1'))!.renewal!.expiresAt).toBe('2027-01-03T09:00:00.000Z');
  });

  it('GIVEN hosting-demo set to terminate WHEN alice pays THEN she is told to switch back first', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /renew pay hosting-demo')).code).toBe('RENEW.CANCELLED');
  });
});

describe('/renew delete-now', () => {
  it('GIVEN a deletion request WHEN alice types the token sent privately THEN the service is deleted at once, its due entries go, and the token is never shown in the reply, the logs or the audit', async () => {
    h = await makeHarness();
    const ask = await h.run('@alice /renew delete-now vps-demo-1');
    expect(ask.tone).toBe('warning');
    expect(ask.actions?.[0]).toMatchObject({ style: 'danger', typed: 'renew delete-now vps-demo-1 TOKEN' });
    expect(ask.actions?.[0]?.confirm?.text).toContain('cannot be undone');
    const token = lastDeleteToken(h, 'alice', 'vps-demo-1')!;
    expect(token).toMatch(/^[A-Z0-9]{10}$/);
    expect(JSON.stringify(ask)).not.toContain(token);
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${token.toLowerCase()}`)).tone).toBe('success');
    expect(await getService(h, 'vps-demo-1')).toMatchObject({ state: 'deleted', deletedAt: '2026-11-23T09:00:00.000Z' });
    expect(await dueFor(h, 'vps-demo-1')).toEqual([]);
    const audit = await h.text('@root /guichet admin audit 50');
    expect(audit).toContain('renew.delete-now');
    expect(audit + h.logs.lines.join('\n')).not.toContain(token);
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${token}`)).code).toBe('SERVICE.DELETED');
    for (const line of ['@alice /renew pay vps-demo-1', '@alice /renew manual vps-demo-1', '@alice /renew status vps-demo-1']) {
      expect((await h.run(line)).code, line).toBe('SERVICE.DELETED');
    }
  });

  it('GIVEN a deletion request WHEN alice clicks the Danger button THEN it is deleted; a click by bob does nothing', async () => {
    h = await makeHarness();
    const ask = await h.run('@alice /renew delete-now vps-demo-1');
    const actionId = ask.actions![0]!.id;
    const foreign = await h.core.click({ id: 'c1', user: consoleUser('bob'), actionId });
    expect(foreign.code).toBe('ACTION.FOREIGN');
    expect((await getService(h, 'vps-demo-1'))!.state).toBe('active');
    const click = await h.core.click({ id: 'c2', user: consoleUser('alice'), actionId });
    expect(click.tone).toBe('success');
    expect((await getService(h, 'vps-demo-1'))!.state).toBe('deleted');
  });

  it('GIVEN a token older than 15 minutes, a wrong token, or no request WHEN alice confirms THEN each is refused and the service stays', async () => {
    h = await makeHarness();
    expect((await h.run('@alice /renew delete-now vps-demo-1 ABCDEFGHJK')).code).toBe('RENEW.NO_CONFIRMATION');
    await h.run('@alice /renew delete-now vps-demo-1');
    const token = lastDeleteToken(h, 'alice', 'vps-demo-1')!;
    expect((await h.run('@alice /renew delete-now vps-demo-1 WRONGTOKEN')).code).toBe('RENEW.BAD_TOKEN');
    expect((await h.run(`@bob /renew delete-now vps-demo-1 ${token}`)).code).toBe('SERVICE.NOT_FOUND');
    h.clock.advance(15 * MIN + 1);
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${token}`)).code).toBe('RENEW.TOKEN_EXPIRED');
    expect((await getService(h, 'vps-demo-1'))!.state).toBe('active');
    await h.run('@alice /renew delete-now vps-demo-1');
    const fresh = lastDeleteToken(h, 'alice', 'vps-demo-1')!;
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${token === fresh ? 'X' : token}`)).code).toBe('RENEW.BAD_TOKEN');
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${fresh}`)).tone).toBe('success');
  });
});
