import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { isOvhApiError, type OvhApiError, type OvhClient } from '../adapters/ovhcloud/ovh-client.js';
import { defineOperation, type HttpMethod } from '../adapters/ovhcloud/ovh-operation.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

/** Sends anything, signed by the client, without the client's own schemas in the way. */
async function raw(client: OvhClient, method: HttpMethod, path: string, input: { query?: Record<string, unknown>; body?: unknown } = {}): Promise<OvhApiError | unknown> {
  const op = defineOperation({ method, path, response: z.unknown(), query: z.record(z.string(), z.unknown()), body: z.unknown() });
  return client.http.call(op, input).catch((e: unknown) => e);
}

function refusal(result: unknown, status: number): string {
  expect(isOvhApiError(result)).toBe(true);
  expect((result as OvhApiError).httpStatus).toBe(status);
  return (result as OvhApiError).message;
}

describe('OVHcloud fake: requests are checked against the descriptions', () => {
  it('GIVEN a wrong body parameter name WHEN a voucher is activated THEN 400 names the unknown and the missing parameter', async () => {
    bed = await startOvhBed();
    const message = refusal(await raw(bed.clientFor('alice-ovh'), 'POST', '/cloud/project/pc-demo/credit', { body: { voucher: 'WELCOME-50' } }), 400);
    expect(message).toContain('[voucher] is not a parameter');
    expect(message).toContain('[code] is required');
    expect(bed.fake.state.vouchers.get('WELCOME-50')!.usedBy).toBeNull();
  });

  it('GIVEN wrong types WHEN sent in the query, the path and the body THEN each is refused with 400', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    expect(refusal(await raw(client, 'GET', '/order/cloud/project/pc-demo/credit', { query: { amount: 'ten' } }), 400)).toContain('"ten" is not a long');
    expect(refusal(await raw(client, 'POST', '/order/cloud/project/pc-demo/credit', { body: { amount: '20' } }), 400)).toContain('is not a long');
    expect(refusal(await raw(client, 'GET', '/me/order/abc'), 400)).toContain('"abc" is not a long');
    expect(refusal(await raw(client, 'POST', '/service/1/renew', { body: { duration: 'one month', services: [1] } }), 400)).toContain('is not a duration');
  });

  it('GIVEN a missing required parameter WHEN a credit quote is asked THEN 400 says it is required', async () => {
    bed = await startOvhBed();
    expect(refusal(await raw(bed.clientFor('alice-ovh'), 'GET', '/order/cloud/project/pc-demo/credit'), 400)).toContain('[amount] is required');
  });

  it('GIVEN a value outside an enumeration WHEN sent in a query or a nested body field THEN 400 lists the allowed values', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    expect(refusal(await raw(client, 'GET', '/me/task/contactChange', { query: { state: 'pending' } }), 400)).toContain('validatingByCustomers');
    const [vps] = await client.services.ids({ resourceName: 'vps-demo-1' });
    expect(refusal(await raw(client, 'PUT', `/services/${vps}`, { body: { renew: { mode: 'sometimes', period: 'P1M' } } }), 400)).toContain('is not one of services.expanded.Renew.ModeEnum');
  });

  it('GIVEN the whole-body (unnamed) parameter WHEN a field of its model is misnamed THEN 400; WHEN well named THEN accepted', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    const [vps] = await client.services.ids({ resourceName: 'vps-demo-1' });
    expect(refusal(await raw(client, 'PUT', `/services/${vps}`, { body: { renewMode: 'manual' } }), 400)).toContain('body.renewMode: no such field in services.update.Service');
    expect(await raw(client, 'PUT', `/services/${vps}`, { body: { terminationPolicy: 'terminateAtExpirationDate' } })).toBeNull();
    expect(refusal(await raw(client, 'POST', `/services/${vps}/terminate/confirm`, { body: {} }), 400)).toContain('body.token: missing');
  });

  it('GIVEN an unknown query parameter or a body on an operation without one WHEN sent THEN 400', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    expect(refusal(await raw(client, 'GET', '/me/order', { query: { since: '2026-01-01' } }), 400)).toContain('[since] is not a parameter');
    expect(refusal(await raw(client, 'POST', '/auth/logout', { body: { all: true } }), 400)).toContain('takes no body');
  });

  it('GIVEN an unknown path or a method the path does not have WHEN called THEN 404 or 405', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    refusal(await raw(client, 'GET', '/me/nothing'), 404);
    refusal(await raw(client, 'DELETE', '/me'), 405);
  });
});

describe('OVHcloud fake: authentication and access rules', () => {
  it('GIVEN a tampered body WHEN the signature covers another body THEN 400 INVALID_SIGNATURE', async () => {
    bed = await startOvhBed();
    const ck = bed.fake.issueConsumerKey('alice-ovh');
    const tamper: typeof fetch = (input, init) => fetch(input, { ...init, body: init?.body ? String(init.body).replace('WELCOME', 'XXXXXXX') : undefined });
    const client = bed.anonymous.withConsumerKey(ck);
    const tampered = bed.clientFor('alice-ovh', undefined, { fetch: tamper, consumerKey: ck });
    await client.account.me();
    const error = await tampered.credit.activateVoucher('pc-demo', 'WELCOME-50').catch((e: unknown) => e as OvhApiError);
    expect(error).toMatchObject({ httpStatus: 400, errorCode: 'INVALID_SIGNATURE' });
  });

  it('GIVEN a key with the rules of Guichet minus one WHEN the missing call is made THEN 403 NOT_GRANTED_CALL, other calls pass', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh', [{ method: 'GET', path: '/me' }, { method: 'GET', path: '/services/*' }]);
    await client.account.me();
    expect(await raw(client, 'GET', '/services')).toMatchObject({ kind: 'NOT_GRANTED_CALL', errorCode: 'NOT_GRANTED_CALL', httpStatus: 403 });
    expect(await raw(client, 'GET', '/me/order')).toMatchObject({ kind: 'NOT_GRANTED_CALL' });
  });

  it('GIVEN an unknown application key WHEN a consumer key is requested THEN 403 INVALID_KEY', async () => {
    bed = await startOvhBed({ client: { applicationKey: 'not-an-app' } });
    expect(await bed.anonymous.auth.requestCredential([{ method: 'GET', path: '/me' }]).catch((e: unknown) => e)).toMatchObject({ httpStatus: 403, errorCode: 'INVALID_KEY', kind: 'INVALID_CREDENTIAL' });
  });
});

describe('OVHcloud fake: answers are checked against the models of the operation\'s file', () => {
  it('GIVEN a handler answering a misnamed field WHEN called THEN the fake answers 500, records the mismatch and close() throws', async () => {
    bed = await startOvhBed();
    const original = bed.fake.handlers['GET /me']!;
    bed.fake.handlers['GET /me'] = (ctx) => {
      const { spareEmail, ...rest } = original(ctx) as Record<string, unknown>;
      return { ...rest, backupEmail: spareEmail };
    };
    const error = await bed.clientFor('alice-ovh', undefined, { retry: { maxRetries: 0 } }).account.me().catch((e: unknown) => e as OvhApiError);
    expect(error).toMatchObject({ kind: 'SERVER_ERROR', errorCode: 'FAKE_RESPONSE_MISMATCH' });
    expect(bed.fake.mismatches[0]!.problems).toEqual(expect.arrayContaining(['answer.backupEmail: no such field in nichandle.Nichandle', 'answer.spareEmail: missing (nichandle.Nichandle)']));
    await expect(bed.fake.close()).rejects.toThrow(/do not match the descriptions/);
    bed.fake.mismatches.length = 0;
  });

  it('GIVEN order.Price WHEN answered in cloud.json (no priceInUcents) and in me.json (with it) THEN each file\'s model is used', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    const credit = await raw(client, 'GET', `/cloud/project/pc-demo/credit/${(await client.credit.creditIds('pc-demo'))[0]}`) as { total_credit: object };
    expect(credit.total_credit).not.toHaveProperty('priceInUcents');
    expect((await client.account.debt()).dueAmount).toHaveProperty('priceInUcents', 0);
    const views = bed.fake.views;
    bed.fake.handlers['GET /cloud/project/{serviceName}/credit/{id}'] = (ctx) => ({ ...(views.credit(ctx.state.credits[0]!)), total_credit: views.price('me', 100, 'EUR') });
    await raw(bed.clientFor('alice-ovh', undefined, { retry: { maxRetries: 0 } }), 'GET', `/cloud/project/pc-demo/credit/${bed.fake.state.credits[0]!.id}`);
    expect(bed.fake.mismatches[0]!.problems).toEqual(['answer.total_credit.priceInUcents: no such field in order.Price']);
    bed.fake.mismatches.length = 0;
  });

  it('GIVEN a paged list WHEN one item breaks its model THEN the page is refused as a mismatch', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh', undefined, { retry: { maxRetries: 0 } });
    bed.fake.handlers['GET /services/{serviceId}'] = () => ({ serviceId: 'one' });
    await client.services.list().catch(() => undefined);
    expect(bed.fake.mismatches[0]).toMatchObject({ method: 'GET', operation: '/services' });
    bed.fake.mismatches.length = 0;
  });
});
