import { afterEach, describe, expect, it } from 'vitest';
import { findContactChangeToken, findTerminationToken, toMinorUnits, voucherRefusal, type OvhApiError } from '../adapters/ovhcloud/ovh-client.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});
const DAY = 86_400_000;
const refusalOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => voucherRefusal(e));

describe('OVHcloud fake state machines, driven through the client', () => {
  it('GIVEN a contact change WHEN both accounts accept with the tokens found in their mails THEN the task is done and the contact changed', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    const dave = bed.clientFor('dave-ovh');
    const [id] = await alice.contacts.changeProjectContact('pc-demo', { contactBilling: 'dave-ovh' });
    const aliceToken = findContactChangeToken(await alice.account.emails(), id!)!;
    const daveToken = findContactChangeToken(await dave.account.emails(), id!)!;
    expect(aliceToken.token).not.toBe(daveToken.token);
    expect(await dave.contacts.task(id!)).toMatchObject({ state: 'validatingByCustomers', fromAccount: 'alice-ovh', toAccount: 'dave-ovh', contactTypes: ['contactBilling'] });
    expect(await dave.contacts.accept(id!, aliceToken.token).catch((e: OvhApiError) => e.kind)).toBe('BAD_REQUEST');
    await alice.contacts.accept(id!, aliceToken.token);
    expect((await alice.contacts.task(id!)).state).toBe('validatingByCustomers');
    await dave.contacts.accept(id!, daveToken.token);
    expect((await alice.contacts.task(id!)).state).toBe('done');
    expect((await alice.services.projectServiceInfos('pc-demo')).contactBilling).toBe('dave-ovh');
    expect(await dave.contacts.tasks({ state: 'done' })).toHaveLength(1);
  });

  it('GIVEN a contact change WHEN the new contact refuses, or nobody answers for 7 days THEN refused, or expired', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    const dave = bed.clientFor('dave-ovh');
    const [refused] = await alice.contacts.changeProjectContact('pc-demo', { contactTech: 'dave-ovh' });
    await dave.contacts.refuse(refused!, findContactChangeToken(await dave.account.emails(), refused!)!.token);
    expect((await alice.contacts.task(refused!)).state).toBe('refused');
    const [expiring] = await alice.contacts.changeProjectContact('pc-demo', { contactBilling: 'dave-ovh' });
    await alice.contacts.resendEmail(expiring!);
    expect((await dave.account.emails()).filter((m) => m.subject.includes(`#${expiring}`))).toHaveLength(2);
    bed.clock.advance(7 * DAY);
    expect((await alice.contacts.task(expiring!)).state).toBe('expired');
    expect((await alice.services.projectServiceInfos('pc-demo')).contactBilling).toBe('alice-ovh');
  });

  it('GIVEN voucher codes WHEN activated THEN credit with validity for a good one; unknown, used, expired and foreign ones refused recognisably', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    await alice.credit.activateVoucher('pc-demo', 'WELCOME-50');
    const [credit] = await alice.credit.credits('pc-demo');
    expect(credit).toMatchObject({ voucher: 'WELCOME-50', available_credit: { value: 50, currencyCode: 'EUR' } });
    expect(Date.parse(credit!.validity!.to!) - Date.parse(credit!.validity!.from!)).toBe(90 * DAY);
    expect(toMinorUnits(credit!.available_credit)).toBe(5_000);
    expect(await refusalOf(alice.credit.activateVoucher('pc-demo', 'NOPE-1'))).toBe('unknown');
    expect(await refusalOf(alice.credit.activateVoucher('pc-demo', 'WELCOME-50'))).toBe('alreadyUsed');
    expect(await refusalOf(alice.credit.activateVoucher('pc-demo', 'EXPIRED-10'))).toBe('expired');
    expect(await refusalOf(alice.credit.activateVoucher('pc-demo', 'UK-30'))).toBe('notApplicable');
  });

  it('GIVEN credit bought WHEN the order is paid with the default method THEN notPaid → checking → delivered with follow-up, and the credit appears', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    const quote = await alice.credit.quote('pc-demo', 20);
    expect(quote.orderId).toBeNull();
    expect(toMinorUnits(quote.prices.withTax)).toBe(2_400);
    const order = await alice.credit.order('pc-demo', 20);
    expect(await alice.orders.status(order.orderId)).toBe('notPaid');
    expect((await alice.orders.followUp(order.orderId))[0]).toMatchObject({ step: 'VALIDATING', status: 'TODO' });
    expect(await alice.orders.payWithDefault(order.orderId)).toEqual({ paid: true, paymentMethodId: expect.any(Number) });
    expect(await alice.orders.status(order.orderId)).toBe('checking');
    expect(await alice.orders.payWithDefault(order.orderId).catch((e: OvhApiError) => e.kind)).toBe('CONFLICT');
    bed.clock.advance(bed.fake.timings.checkingMs);
    expect(await alice.orders.status(order.orderId)).toBe('delivered');
    expect((await alice.orders.followUp(order.orderId)).map((f) => f.step)).toEqual(['VALIDATING', 'VALIDATED', 'DELIVERING', 'AVAILABLE']);
    const credits = await alice.credit.credits('pc-demo');
    expect(credits.map((c) => [c.description, toMinorUnits(c.total_credit)])).toEqual([['Cloud credit', 2_000]]);
    expect((await alice.orders.details(order.orderId))[0]).toMatchObject({ quantity: '1', domain: 'pc-demo' });
  });

  it('GIVEN an account without payment method WHEN it pays THEN nothing is sent and the outcome says why', async () => {
    bed = await startOvhBed();
    const carol = bed.clientFor('carol-ovh');
    expect(await carol.orders.payWithDefault(123)).toEqual({ paid: false, reason: 'NO_DEFAULT_PAYMENT_METHOD' });
    expect(bed.fake.count('POST', '/me/order/{orderId}/pay')).toBe(0);
  });

  it('GIVEN a manual service WHEN renewed one month and paid THEN its expiration moves one month; unpaid, it expires, answers 460, and a renewal revives it', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    const [vps] = await alice.services.list({ resourceName: 'vps-demo-1' });
    const before = Date.parse(vps!.billing.expirationDate!);
    const offers = await alice.services.renewOffers(vps!.serviceId);
    expect(offers.map((o) => o.renewPeriod)).toEqual(['P1M', 'P3M', 'P6M', 'P1Y']);
    const renewal = await alice.services.renew(vps!.serviceId, 'P1M');
    await alice.orders.payWithDefault(renewal.orderId);
    bed.clock.advance(bed.fake.timings.checkingMs);
    const after = Date.parse((await alice.services.get(vps!.serviceId)).billing.expirationDate!);
    expect(Math.round((after - before) / DAY)).toBeGreaterThanOrEqual(28);
    bed.clock.advance(after - bed.clock.now().getTime() + 1);
    expect((await alice.services.get(vps!.serviceId)).billing.lifecycle!.current.state).toBe('unrenewed');
    expect(await alice.services.update(vps!.serviceId, { renew: { mode: 'automatic', period: 'P1M' } }).catch((e: OvhApiError) => e.kind)).toBe('SERVICE_EXPIRED');
    const revive = await alice.services.renew(vps!.serviceId, 'P1M');
    await alice.orders.payWithDefault(revive.orderId);
    bed.clock.advance(bed.fake.timings.checkingMs);
    expect((await alice.services.get(vps!.serviceId)).billing.lifecycle!.current.state).toBe('active');
    expect((await alice.account.emails()).some((m) => m.subject.includes('vps-demo-1 has expired'))).toBe(true);
  });

  it('GIVEN an automatic service with a valid card WHEN its expiry passes THEN it renews itself; a terminate-at-expiry one is terminated', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    bed.clock.advance(6 * DAY);
    const [hosting] = await alice.services.list({ resourceName: 'hosting-demo' });
    expect(hosting!.billing.lifecycle!.current.state).toBe('terminated');
    bed.clock.advance(40 * DAY);
    const [domain] = await alice.services.list({ resourceName: 'example-demo.fr' });
    expect(domain!.billing.lifecycle!.current.state).toBe('active');
    expect(Date.parse(domain!.billing.expirationDate!)).toBeGreaterThan(bed.clock.now().getTime());
  });

  it('GIVEN a service WHEN termination is asked THEN a token is mailed; a wrong token is refused, the mailed one terminates it', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    const [vps] = await alice.services.list({ resourceName: 'vps-demo-1' });
    await alice.services.terminate(vps!.serviceId);
    const found = findTerminationToken(await alice.account.emails(), [vps!.resource.name, vps!.serviceId])!;
    expect(findTerminationToken(await alice.account.emails(), 'vps-demo-1')).toBeUndefined();
    expect(found.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await alice.services.confirmTermination(vps!.serviceId, 'WRONG').catch((e: OvhApiError) => e.kind)).toBe('BAD_REQUEST');
    await alice.services.confirmTermination(vps!.serviceId, found.token);
    expect((await alice.services.get(vps!.serviceId)).billing.lifecycle!.current.state).toBe('terminated');
  });

  it('GIVEN a project WHEN termination is confirmed with the mailed token and a reason from the list THEN it is gone (404 on its credit)', async () => {
    bed = await startOvhBed();
    const alice = bed.clientFor('alice-ovh');
    await alice.services.terminateProject('pc-demo');
    const [project] = await alice.services.list({ resourceName: 'pc-demo' });
    const token = findTerminationToken(await alice.account.emails(), project!.serviceId)!.token;
    bed.clock.advance(73 * 3_600_000);
    expect(await alice.services.confirmProjectTermination('pc-demo', { token, reason: 'NOT_NEEDED_ANYMORE' }).catch((e: OvhApiError) => e.kind)).toBe('BAD_REQUEST');
    await alice.services.terminateProject('pc-demo');
    const fresh = findTerminationToken(await alice.account.emails(), project!.serviceId)!.token;
    await alice.services.confirmProjectTermination('pc-demo', { token: fresh, reason: 'NOT_NEEDED_ANYMORE', futureUse: 'NOT_REPLACING_SERVICE' });
    expect(await alice.credit.credits('pc-demo').catch((e: OvhApiError) => e.kind)).toBe('NOT_FOUND');
  });

  it('GIVEN the account facts WHEN read THEN 2FA methods, backup e-mail, debt and default payment method come back typed', async () => {
    bed = await startOvhBed({ seed: { accounts: [{ nichandle: 'bob-ovh', spareEmail: 'b@example.com', twoFactor: { sms: 1, totp: 1, u2f: 1, backupCodes: true }, debtCents: 1_234, paymentMethods: [{ status: 'EXPIRED' }] }] } });
    const bob = bed.clientFor('bob-ovh');
    expect((await bob.account.me()).spareEmail).toBe('b@example.com');
    const twoFactor = await bob.account.twoFactor();
    expect([twoFactor.sms.length, twoFactor.totp.length, twoFactor.u2f.length, twoFactor.backupCode?.remaining]).toEqual([1, 1, 1, 10]);
    expect(toMinorUnits((await bob.account.debt()).dueAmount)).toBe(1_234);
    expect((await bob.account.defaultPaymentMethod())?.status).toBe('EXPIRED');
    expect(await bob.orders.payWithDefault(1)).toEqual({ paid: false, reason: 'PAYMENT_METHOD_NOT_VALID' });
  });

  it('GIVEN a 429 rate and a seed WHEN two fakes with the same seed serve the same calls THEN the same requests are refused, and the client gets through', async () => {
    const refusedSeqs: number[][] = [];
    for (let run = 0; run < 2; run++) {
      bed = await startOvhBed({ tooManyRequestsRate: 0.2, randomSeed: 42 });
      const alice = bed.clientFor('alice-ovh');
      for (let i = 0; i < 20; i++) await alice.account.debt();
      refusedSeqs.push(bed.fake.requests.filter((r) => r.status === 429).map((r) => r.seq));
      await bed.close();
      bed = undefined;
    }
    expect(refusedSeqs[0]!.length).toBeGreaterThan(0);
    expect(refusedSeqs[1]).toEqual(refusedSeqs[0]);
  });
});
