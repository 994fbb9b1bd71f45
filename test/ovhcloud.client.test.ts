import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/ports/clock.js';
import { createOvhClient, isOvhApiError, resolveEndpoint } from '../adapters/ovhcloud/ovh-client.js';
import { defineOperation } from '../adapters/ovhcloud/ovh-operation.js';
import { signRequest } from '../adapters/ovhcloud/ovh-signature.js';
import { manualTimers, startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe('OVHcloud client: signing', () => {
  it('GIVEN the README formula WHEN a request is signed THEN it is $1$ + SHA1 of secret+ck+METHOD+full URL with port and query+body+timestamp', () => {
    const sig = signRequest({
      applicationSecret: 'app-secret', consumerKey: 'consumer-key', method: 'post', url: 'https://127.0.0.1:8443/1.0/cloud/project/pc-demo/credit?x=1',
      body: '{"code":"WELCOME-50"}', timestamp: 1_700_000_000,
    });
    // printf '%s' 'app-secret+consumer-key+POST+https://127.0.0.1:8443/1.0/cloud/project/pc-demo/credit?x=1+{"code":"WELCOME-50"}+1700000000' | sha1sum
    expect(sig).toBe('$1$ec16557a08a88ef196951169ab1196f8281f626e');
  });

  it('GIVEN a connected client WHEN it calls GET, GET with a query, POST and PUT THEN the fake (which checks every signature with its own code) accepts each', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    expect((await client.account.me()).nichandle).toBe('alice-ovh');
    expect(await client.account.paymentMethods({ default: true, status: 'VALID' })).toHaveLength(1);
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    const [vps] = await client.services.list({ resourceName: 'vps-demo-1' });
    await client.services.update(vps!.serviceId, { renew: { mode: 'automatic', period: 'P3M' } });
    expect((await client.services.get(vps!.serviceId)).billing.renew?.current).toMatchObject({ mode: 'automatic', period: 'P3M' });
    expect(bed.fake.requests.filter((r) => r.status >= 400)).toEqual([]);
  });

  it('GIVEN a wrong application secret WHEN a signed call is made THEN the fake answers 400 INVALID_SIGNATURE (httpCode as text) and the client reports INVALID_CREDENTIAL', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh', undefined, { applicationSecret: 'not-the-secret' });
    const error = await client.account.me().catch((e: unknown) => e);
    expect(isOvhApiError(error, 'INVALID_CREDENTIAL')).toBe(true);
    expect(error).toMatchObject({ httpStatus: 400, errorCode: 'INVALID_SIGNATURE' });
    const raw = await fetch(`${bed.fake.url}/me`, { headers: { 'X-Ovh-Application': bed.fake.applicationKey, 'X-Ovh-Consumer': 'x', 'X-Ovh-Timestamp': String(Math.floor(bed.clock.now().getTime() / 1000)), 'X-Ovh-Signature': '$1$00' } });
    expect(await raw.json()).toEqual({ class: 'Client::BadRequest', errorCode: 'INVALID_SIGNATURE', httpCode: '400 Bad Request', message: 'Invalid signature' });
  });

  it('GIVEN the client WHEN it reads the server time and asks for a consumer key THEN neither request carries a timestamp or signature', async () => {
    bed = await startOvhBed();
    const seen: Headers[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const client = createOvhClient({ endpoint: bed.fake.url, applicationKey: bed.fake.applicationKey, applicationSecret: bed.fake.applicationSecret, clock: bed.clock, fetch: spy });
    await client.auth.time();
    await client.auth.requestCredential([{ method: 'GET', path: '/me' }]);
    expect(seen).toHaveLength(2);
    for (const h of seen) {
      expect(h.get('x-ovh-signature')).toBeNull();
      expect(h.get('x-ovh-timestamp')).toBeNull();
      expect(h.get('x-ovh-application')).toBe(bed.fake.applicationKey);
    }
  });
});

describe('OVHcloud client: server time', () => {
  it('GIVEN a server clock 20 minutes ahead WHEN the client makes several calls THEN it reads /auth/time once and every timestamp is accepted', async () => {
    const serverClock = new ManualClock('2026-03-02T09:20:00Z');
    const clientClock = new ManualClock('2026-03-02T09:00:00Z');
    bed = await startOvhBed({ clock: serverClock });
    const client = createOvhClient({
      endpoint: bed.fake.url, applicationKey: bed.fake.applicationKey, applicationSecret: bed.fake.applicationSecret,
      consumerKey: bed.fake.issueConsumerKey('alice-ovh'), clock: clientClock, timers: manualTimers(clientClock).timers,
    });
    for (let i = 0; i < 3; i++) await client.account.me();
    expect(bed.fake.count('GET', '/auth/time')).toBe(1);
    expect(bed.fake.count('GET', '/me', 200)).toBe(3);
  });

  it('GIVEN a delta that went stale (the server clock jumped) WHEN a call is refused QUERY_TIME_OUT THEN the client re-reads the time once and the call succeeds', async () => {
    const clientClock = new ManualClock('2026-03-02T09:00:00Z');
    let serverAhead = 0;
    bed = await startOvhBed({ clock: { now: () => new Date(clientClock.now().getTime() + serverAhead) } });
    const client = createOvhClient({
      endpoint: bed.fake.url, applicationKey: bed.fake.applicationKey, applicationSecret: bed.fake.applicationSecret,
      consumerKey: bed.fake.issueConsumerKey('alice-ovh'), clock: clientClock, timers: manualTimers(clientClock).timers,
    });
    await client.account.me();
    serverAhead = 3_600_000;
    expect((await client.account.me()).nichandle).toBe('alice-ovh');
    expect(bed.fake.count('GET', '/me', 400)).toBe(1);
    expect(bed.fake.requests.find((r) => r.status === 400)?.errorCode).toBe('QUERY_TIME_OUT');
    expect(bed.fake.count('GET', '/auth/time')).toBe(2);
  });

  it('GIVEN no consumer key WHEN a signed operation is called THEN it fails INVALID_CREDENTIAL before any request', async () => {
    bed = await startOvhBed();
    const error = await bed.anonymous.account.me().catch((e: unknown) => e);
    expect(isOvhApiError(error, 'INVALID_CREDENTIAL')).toBe(true);
    expect(bed.fake.count('GET', '/me')).toBe(0);
  });
});

describe('OVHcloud client: endpoints and requests', () => {
  it('GIVEN region names and URLs WHEN resolved THEN regions map to the documented base URLs and a bad value says what to type', () => {
    expect(resolveEndpoint('ovh-eu').href).toBe('https://eu.api.ovh.com/1.0');
    expect(resolveEndpoint('ovh-ca').href).toBe('https://ca.api.ovh.com/1.0');
    expect(resolveEndpoint('ovh-us').href).toBe('https://api.us.ovhcloud.com/1.0');
    expect(resolveEndpoint('https://127.0.0.1:8443/1.0/').href).toBe('https://127.0.0.1:8443/1.0');
    expect(() => resolveEndpoint('ovh-moon')).toThrow(/ovh-eu/);
  });

  it('GIVEN an argument the operation\'s schema refuses WHEN called THEN BAD_REQUEST with effect none and no request is sent', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    const error = await client.credit.quote('pc-demo', -5).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'BAD_REQUEST', effect: 'none' });
    expect(bed.fake.count('GET', '/order/cloud/project/{serviceName}/credit')).toBe(0);
  });

  it('GIVEN an answer the client\'s schema refuses (valid for the description) WHEN received THEN INVALID_RESPONSE with the QueryID', async () => {
    bed = await startOvhBed();
    bed.fake.handlers['POST /auth/credential'] = () => ({ consumerKey: 'ck', validationUrl: 'not a url', state: 'pendingValidation' });
    const error = await bed.anonymous.auth.requestCredential([{ method: 'GET', path: '/me' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'INVALID_RESPONSE', queryId: bed.fake.requests.at(-1)!.queryId });
  });

  it('GIVEN a list read in pages of 2 WHEN 5 mails exist THEN 3 paged requests return all 5, each checked against the item model', async () => {
    bed = await startOvhBed();
    for (let i = 0; i < 5; i++) bed.fake.state.mail('alice-ovh', bed.clock.now(), `mail ${i}`, `body ${i}`);
    const client = bed.clientFor('alice-ovh');
    const paged = defineOperation({ method: 'GET', path: '/me/notification/email/history', response: z.array(z.number()), item: z.object({ id: z.number(), subject: z.string() }) });
    const mails = await client.http.list(paged, {}, 2);
    expect(mails.map((m) => m.subject)).toEqual(['mail 0', 'mail 1', 'mail 2', 'mail 3', 'mail 4']);
    expect(bed.fake.count('GET', '/me/notification/email/history')).toBe(3);
    expect(bed.fake.count('GET', '/me/notification/email/history/{id}')).toBe(0);
  });

  it('GIVEN an API that ignores the pagination headers WHEN a list is read THEN the client reads each ID\'s item instead', async () => {
    bed = await startOvhBed({ paging: false });
    const client = bed.clientFor('alice-ovh');
    const services = await client.services.list();
    expect(services.map((s) => s.resource.name)).toEqual(['pc-demo', 'vps-demo-1', 'example-demo.fr', 'hosting-demo']);
    expect(bed.fake.count('GET', '/services')).toBe(1);
    expect(bed.fake.count('GET', '/services/{serviceId}')).toBe(4);
  });
});
