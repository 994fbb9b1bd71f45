import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/logging/pino.logger.js';
import { findContactChangeToken, findTerminationToken, type OvhApiError, type OvhClient, type OvhErrorKind } from '../adapters/ovhcloud/ovh-client.js';
import { refusalOf } from '../adapters/ovhcloud/provider/ovh-refusals.js';
import { startOvhBed, type OvhBed } from './support/ovhcloud-fake/bed.js';

let bed: OvhBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as OvhApiError);

/** Asserts the error's kind and status, that its QueryID is the fake's last one, and that a log line has it. */
function expectMapped(error: OvhApiError, kind: OvhErrorKind, httpStatus: number | undefined): void {
  expect(error).toMatchObject({ name: 'OvhApiError', kind, httpStatus });
  const last = bed!.fake.requests.at(-1)!;
  expect(error.queryId).toBe(last.queryId);
  const line = bed!.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.queryId === last.queryId);
  // A GET of something absent is an answer, logged at info; every other failure is a warning.
  const absent = kind === 'NOT_FOUND' && last.method === 'GET';
  expect(line).toMatchObject({ level: absent ? 'info' : 'warn', msg: absent ? 'ovhcloud call found nothing' : 'ovhcloud call failed', kind, httpStatus, component: 'ovhcloud' });
}

describe('OVHcloud client: errors map to stable kinds with the QueryID in the error and the log', () => {
  it('GIVEN an unknown project WHEN its service information is read THEN NOT_FOUND (404)', async () => {
    bed = await startOvhBed();
    expectMapped(await failure(bed.clientFor('alice-ovh').services.projectServiceInfos('pc-nope')), 'NOT_FOUND', 404);
  });

  it('GIVEN an expired project WHEN its credit is read THEN SERVICE_EXPIRED (460), while serviceInfos stays readable', async () => {
    bed = await startOvhBed();
    bed.fake.state.serviceByName('pc-demo')!.state = 'expired';
    const client = bed.clientFor('alice-ovh');
    expectMapped(await failure(client.credit.credits('pc-demo')), 'SERVICE_EXPIRED', 460);
    expect((await client.services.projectServiceInfos('pc-demo')).status).toBe('expired');
  });

  it('GIVEN a voucher already used WHEN activated again THEN CONFLICT (409)', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh');
    await client.credit.activateVoucher('pc-demo', 'WELCOME-50');
    expectMapped(await failure(client.credit.activateVoucher('pc-demo', 'WELCOME-50')), 'CONFLICT', 409);
  });

  it('GIVEN a key allowed only GET /me WHEN it activates a voucher THEN NOT_GRANTED_CALL names the missing rule', async () => {
    bed = await startOvhBed();
    const client = bed.clientFor('alice-ovh', [{ method: 'GET', path: '/me' }]);
    await client.account.me();
    const error = await failure(client.credit.activateVoucher('pc-demo', 'WELCOME-50'));
    expectMapped(error, 'NOT_GRANTED_CALL', 403);
    expect(error.missingRule).toEqual({ method: 'POST', path: '/cloud/project/*/credit' });
    expect(error.message).toContain('POST /cloud/project/*/credit');
    expect(error.errorCode).toBe('NOT_GRANTED_CALL');
  });

  it('GIVEN an unknown consumer key WHEN used THEN INVALID_CREDENTIAL (403)', async () => {
    bed = await startOvhBed();
    const client = bed.anonymous.withConsumerKey('no-such-key-0000000000000000000');
    expectMapped(await failure(client.account.me()), 'INVALID_CREDENTIAL', 403);
  });

  it('GIVEN the billing contact only WHEN it asks to terminate a service THEN FORBIDDEN (403, not a missing rule)', async () => {
    bed = await startOvhBed({ seed: { accounts: [{ nichandle: 'alice-ovh' }, { nichandle: 'dave-ovh' }], services: [{ name: 'vps-1', product: 'vps', owner: 'alice-ovh', contacts: { billing: 'dave-ovh' } }] } });
    const client = bed.clientFor('dave-ovh');
    const [vps] = await client.services.list();
    const error = await failure(client.services.terminate(vps!.serviceId));
    expectMapped(error, 'FORBIDDEN', 403);
    expect(error.missingRule).toBeUndefined();
    expect(refusalOf(error).code).toBe('OVH.FORBIDDEN');
  });

  it('GIVEN an expired voucher WHEN activated THEN BAD_REQUEST (400)', async () => {
    bed = await startOvhBed();
    expectMapped(await failure(bed.clientFor('alice-ovh').credit.activateVoucher('pc-demo', 'EXPIRED-10')), 'BAD_REQUEST', 400);
  });

  it('GIVEN 429 on every attempt WHEN called THEN RATE_LIMITED after the bounded retries', async () => {
    bed = await startOvhBed();
    for (let i = 0; i < 4; i++) bed.fake.failNext({ operation: '/me' }, { status: 429 });
    expectMapped(await failure(bed.clientFor('alice-ovh').account.me()), 'RATE_LIMITED', 429);
    expect(bed.logs.lines.filter((l) => l.includes('"retryInMs"'))).toHaveLength(3);
  });
});

describe('OVHcloud client: secrets never reach a log line or an error message', () => {
  async function tokenFlow(client: OvhClient, dave: OvhClient): Promise<string[]> {
    const [taskId] = await client.contacts.changeProjectContact('pc-demo', { contactBilling: 'dave-ovh' });
    const aliceToken = findContactChangeToken(await client.account.emails(), taskId!)!.token;
    const daveToken = findContactChangeToken(await dave.account.emails(), taskId!)!.token;
    bed!.fake.failNext({ operation: '/me/task/contactChange/{id}/accept' }, { status: 400, message: `Invalid token ${aliceToken}` });
    const echoed = await failure(client.contacts.accept(taskId!, aliceToken));
    expect(echoed.message).not.toContain(aliceToken);
    await failure(dave.contacts.accept(taskId!, 'WRONG-TOKEN-123'));
    await client.contacts.accept(taskId!, aliceToken);
    await dave.contacts.accept(taskId!, daveToken);
    const [vps] = await client.services.list({ resourceName: 'vps-demo-1' });
    await client.services.terminate(vps!.serviceId);
    const termination = findTerminationToken(await client.account.emails(), vps!.serviceId)!.token;
    bed!.fake.failNext({ operation: '/services/{serviceId}/terminate/confirm' }, { status: 503, message: `upstream said ${termination}` });
    await failure(client.services.confirmTermination(vps!.serviceId, termination));
    await failure(client.credit.activateVoucher('pc-demo', 'EXPIRED-10'));
    return [aliceToken, daveToken, termination, 'WRONG-TOKEN-123', 'EXPIRED-10'];
  }

  it('GIVEN a contact change, a termination and failures echoing tokens WHEN logged at debug THEN no consumer key, secret or token appears', async () => {
    bed = await startOvhBed();
    const aliceKey = bed.fake.issueConsumerKey('alice-ovh');
    const daveKey = bed.fake.issueConsumerKey('dave-ovh');
    const client = bed.anonymous.withConsumerKey(aliceKey);
    const dave = bed.anonymous.withConsumerKey(daveKey);
    const requested = await bed.anonymous.auth.requestCredential([{ method: 'GET', path: '/me' }]);
    const secrets = [aliceKey, daveKey, bed.fake.applicationSecret, requested.consumerKey, ...(await tokenFlow(client, dave))];
    const text = bed.logs.lines.join('\n');
    expect(bed.logs.lines.length).toBeGreaterThan(10);
    expect(text).toContain('queryId');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('GIVEN the production pino logger WHEN the same flow runs THEN its output holds no secret either', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk: Buffer, _e, done) { lines.push(chunk.toString()); done(); } });
    bed = await startOvhBed({ client: { logger: createLogger('trace', sink).logger } });
    const aliceKey = bed.fake.issueConsumerKey('alice-ovh');
    const client = bed.anonymous.withConsumerKey(aliceKey);
    const dave = bed.anonymous.withConsumerKey(bed.fake.issueConsumerKey('dave-ovh'));
    const secrets = [aliceKey, bed.fake.applicationSecret, ...(await tokenFlow(client, dave))];
    const text = lines.join('');
    expect(text).toContain('ovhcloud call failed');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
