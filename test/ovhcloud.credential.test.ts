import { afterEach, describe, expect, it } from 'vitest';
import { GUICHET_ACCESS_RULES, accessRulesForRequest, type OvhApiError, type OvhClient } from '../adapters/ovhcloud/ovh-client.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

async function connect(): Promise<{ client: OvhClient; validationUrl: string }> {
  const request = await bed!.anonymous.auth.requestCredential(accessRulesForRequest(), 'https://guichet.example/connected');
  expect(request.state).toBe('pendingValidation');
  expect(request.validationUrl.startsWith(`${bed!.fake.origin}/auth/?credentialToken=`)).toBe(true);
  return { client: bed!.anonymous.withConsumerKey(request.consumerKey), validationUrl: request.validationUrl };
}

describe('OVHcloud consumer-key flow', () => {
  it('GIVEN a key asked with Guichet\'s rules WHEN the holder opens the validation URL (a plain GET, as curl would) THEN it is validated for that account with exactly those rules', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    expect((await client.auth.currentCredential()).status).toBe('pendingValidation');
    const page = await fetch(`${validationUrl}&account=bob-ovh`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('https://guichet.example/connected');
    const outcome = await client.auth.awaitValidation({ everyMs: 1_000, forMs: 10_000 });
    expect(outcome.state).toBe('validated');
    expect(outcome.credential!.rules).toEqual(accessRulesForRequest());
    expect((await client.account.me()).nichandle).toBe('bob-ovh');
  });

  it('GIVEN a key validated with exactly GUICHET_ACCESS_RULES WHEN each command family calls the API THEN no call is refused NOT_GRANTED_CALL', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    await fetch(validationUrl);
    await client.account.me();
    await client.account.twoFactor();
    await client.account.defaultPaymentMethod();
    await client.account.debt();
    await client.account.emails();
    await client.services.projectServiceInfos('pc-demo');
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    await client.credit.credits('pc-demo');
    await client.credit.quote('pc-demo', 10);
    for (const b of await client.credit.balances()) await client.credit.movements(b.balanceName);
    const order = await client.credit.order('pc-demo', 10);
    await client.orders.list();
    await client.orders.details(order.orderId);
    await client.orders.followUp(order.orderId);
    await client.orders.payWithDefault(order.orderId);
    await client.orders.status(order.orderId);
    const [task] = await client.contacts.changeProjectContact('pc-demo', { contactTech: 'dave-ovh' });
    await client.contacts.tasks({ state: 'validatingByCustomers' });
    await client.contacts.resendEmail(task!);
    await client.contacts.refuse(task!, 'not-the-token').catch(() => undefined);
    const [vps] = await client.services.list({ resourceName: 'vps-demo-1' });
    await client.contacts.changeContact(vps!.route!.path!, vps!.resource.name, { contactTech: 'dave-ovh' });
    await client.services.update(vps!.serviceId, { renew: { mode: 'manual', period: 'P1M' } });
    await client.services.renewOffers(vps!.serviceId);
    await client.services.renew(vps!.serviceId, 'P1M', { dryRun: true });
    await client.services.terminate(vps!.serviceId);
    await client.services.confirmTermination(vps!.serviceId, 'wrong').catch(() => undefined);
    await client.services.terminateProject('pc-demo');
    expect(bed.fake.requests.filter((r) => r.errorCode === 'NOT_GRANTED_CALL')).toEqual([]);
    expect(bed.fake.unimplemented).toEqual([]);
    expect(GUICHET_ACCESS_RULES.length).toBeGreaterThan(20);
  });

  it('GIVEN a key WHEN the holder refuses it THEN its state is refused and calls fail INVALID_CREDENTIAL', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    expect((await fetch(`${validationUrl}&action=refuse`)).status).toBe(200);
    expect((await client.auth.awaitValidation()).state).toBe('refused');
    expect(await client.account.me().catch((e: OvhApiError) => e.kind)).toBe('INVALID_CREDENTIAL');
  });

  it('GIVEN a key never validated WHEN the validation window passes THEN it is expired and its URL no longer validates it', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    bed.clock.advance(bed.fake.timings.pendingCredentialMs);
    expect((await client.auth.currentCredential()).status).toBe('expired');
    expect((await fetch(validationUrl)).status).toBe(409);
    expect(await client.account.me().catch((e: OvhApiError) => e.kind)).toBe('INVALID_CREDENTIAL');
  });

  it('GIVEN a key nobody validates WHEN Guichet waits a bounded time THEN it stops pending after that time, having polled on the clock', async () => {
    bed = await startOvhBed();
    const { client } = await connect();
    const outcome = await client.auth.awaitValidation({ everyMs: 5_000, forMs: 60_000 });
    expect(outcome.state).toBe('pendingValidation');
    expect(bed.fake.count('GET', '/auth/currentCredential')).toBe(13);
    expect(bed.sleeps.filter((ms) => ms === 5_000)).toHaveLength(12);
    expect(await client.account.me().catch((e: OvhApiError) => e.kind)).toBe('INVALID_CREDENTIAL');
  });

  it('GIVEN a validated key WHEN Guichet disconnects (logout) THEN the key is expired and unusable', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    await fetch(validationUrl);
    await client.auth.logout();
    expect((await client.auth.currentCredential()).status).toBe('expired');
    expect(await client.account.me().catch((e: OvhApiError) => e.kind)).toBe('INVALID_CREDENTIAL');
  });

  it('GIVEN a key validated for one hour WHEN the hour passes THEN it is expired', async () => {
    bed = await startOvhBed();
    const { client, validationUrl } = await connect();
    await fetch(`${validationUrl}&expiresIn=3600`);
    await client.account.me();
    bed.clock.advance(3_600_000);
    expect(await client.account.me().catch((e: OvhApiError) => e.kind)).toBe('INVALID_CREDENTIAL');
    expect((await client.auth.currentCredential()).status).toBe('expired');
  });
});
