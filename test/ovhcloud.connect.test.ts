import { afterEach, describe, expect, it } from 'vitest';
import { accessRulesForRequest } from '../adapters/ovhcloud/access-rules.js';
import { replyToPlainText } from '../src/core/reply.js';
import { consoleUser } from './support/harness.js';
import { startConnectBed, type ConnectBed } from './support/ovhcloud-connect.js';

let b: ConnectBed | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

const ZED = 'console:local/zed';
const MIN = 60_000;
const state = (bed: ConnectBed) => bed.h.uow.run(async (tx) => ({
  commit: false,
  result: { link: await tx.links.get(ZED), pending: await tx.connections.pending(ZED), connection: await tx.connections.get('alice-ovh'), account: await tx.accounts.get('alice-ovh') },
}));

describe('/account connect on the OVHcloud fake', () => {
  it('GIVEN an unlinked chat user WHEN they connect and validate in the browser THEN the poller links them to the account of /me and tells them privately', async () => {
    b = await startConnectBed();
    const r = await b.run('@zed /account connect --public');
    const shown = replyToPlainText(r);
    expect(r.visibility).toBe('private');
    expect(r.code).toBe('CONNECT.STARTED');
    expect(r.actions?.[0]?.label).toBe('I have validated');
    const [key] = [...b.fake.state.consumerKeys.values()];
    expect(key?.rules).toEqual(accessRulesForRequest());
    expect(key?.state).toBe('pendingValidation');
    expect((await state(b)).link).toBeUndefined();
    await b.parts.poller.tick();
    expect(b.h.notifier.directs).toEqual([]);
    expect(await b.open(b.urlIn(shown))).toBe(200);
    b.h.clock.advance(3_000);
    expect(await b.parts.poller.tick()).toBe(0);
    // The account's language (fr_FR in /me) is the language of what Guichet tells it from now on.
    expect(b.h.notifier.directs).toEqual([{ to: ZED, text: expect.stringContaining('Connecté en tant que alice-ovh') }]);
    const s = await state(b);
    expect(s.link?.account).toBe('alice-ovh');
    expect(s.pending).toBeUndefined();
    expect(s.connection?.chatUser).toBe(ZED);
    expect(s.account).toMatchObject({ id: 'alice-ovh', subsidiary: 'FR', currency: 'EUR', locale: 'fr', email: 'alice-ovh@example.com', backupEmail: null, twoFactor: false });
    expect(await b.text('@zed /account')).toMatch(/alice-ovh[\s\S]*EUR/);
    expect(b.fake.mismatches).toEqual([]);
  });

  it('GIVEN a validated key WHEN the chat user types /account connect again, or clicks "I have validated" THEN it completes at once', async () => {
    b = await startConnectBed();
    const first = await b.run('@zed /account connect');
    await b.open(b.urlIn(replyToPlainText(first)), { account: 'bob-ovh' });
    const clicked = await b.h.core.click({ id: 'click-1', user: consoleUser('zed'), actionId: first.actions![0]!.id });
    expect(replyToPlainText(clicked)).toContain('Connected as bob-ovh');
    expect(clicked.code).toBe('CONNECT.DONE');
    expect((await b.h.uow.run(async (tx) => ({ commit: false, result: await tx.links.get(ZED) })))?.account).toBe('bob-ovh');
    expect(await b.text('@zed /account connect')).toMatch(/Vous êtes connecté en tant que bob-ovh[\s\S]*\/account disconnect/);
    expect(await b.parts.poller.tick()).toBe(0);
    expect(b.h.notifier.directs).toEqual([]);

    await b.run('@carol /account connect');
    expect(await b.text('@carol /account connect')).toMatch(/Not validated yet[\s\S]*credentialToken/);
  });

  it('GIVEN the holder refuses on the login page WHEN the poller looks THEN the user is told privately and nothing is linked', async () => {
    b = await startConnectBed();
    const r = await b.run('@zed /account connect');
    await b.open(b.urlIn(replyToPlainText(r)), { action: 'refuse' });
    expect(await b.parts.poller.tick()).toBe(0);
    expect(b.h.notifier.directs).toEqual([{ to: ZED, text: expect.stringContaining('was refused') }]);
    const s = await state(b);
    expect([s.link, s.pending, s.connection]).toEqual([undefined, undefined, undefined]);
    const again = await b.text('@zed /account connect');
    expect(again).toContain('credentialToken');
  });

  it('GIVEN the provider expires the key before it is validated WHEN the poller looks THEN the user is told it expired and nothing is linked', async () => {
    b = await startConnectBed({ fake: { timings: { pendingCredentialMs: 5 * MIN } } });
    await b.run('@zed /account connect');
    b.h.clock.advance(6 * MIN);
    expect(await b.parts.poller.tick()).toBe(0);
    expect(b.h.notifier.directs).toEqual([{ to: ZED, text: expect.stringContaining('not validated in time') }]);
    expect((await state(b)).link).toBeUndefined();
  });

  it('GIVEN a key never validated WHEN the poller runs every 3 s THEN it gives up after 10 minutes, tells the user, and stops polling', async () => {
    b = await startConnectBed();
    await b.run('@zed /account connect');
    let ticks = 0;
    while (b.scheduler.queue.length > 0) {
      b.h.clock.advance(3_000);
      const next = b.scheduler.queue.shift()!;
      next();
      ticks += 1;
      await new Promise((r) => setTimeout(r, 0));
      for (let i = 0; i < 50 && b.scheduler.queue.length === 0 && ticks < 1000; i++) await new Promise((r) => setImmediate(r));
      expect(ticks).toBeLessThan(1000);
    }
    expect(ticks).toBeGreaterThanOrEqual(200);
    expect(ticks).toBeLessThanOrEqual(205);
    expect(b.fake.count('GET', '/auth/currentCredential')).toBeLessThanOrEqual(200);
    expect(b.h.notifier.directs).toEqual([{ to: ZED, text: expect.stringContaining('not validated in time (10 minutes)') }]);
    expect((await state(b)).pending).toBeUndefined();
  });

  it('GIVEN a connected account WHEN the user disconnects THEN the key is logged out at the provider, stops working, and the link and connection are gone', async () => {
    b = await startConnectBed();
    await b.open(b.urlIn(await b.text('@zed /account connect')));
    expect((await b.run('@zed /account connect')).code).toBe('CONNECT.DONE');
    const key = [...b.fake.state.consumerKeys.values()].find((k) => k.state === 'validated')!;
    const out = await b.run('@zed /account disconnect');
    expect(out.code).toBe('CONNECT.DISCONNECTED');
    expect(b.fake.count('POST', '/auth/logout', 200)).toBe(1);
    expect(key.state).toBe('expired');
    const s = await state(b);
    expect([s.link, s.connection]).toEqual([undefined, undefined]);
    const unlinked = await b.run('@zed /account');
    expect(unlinked.code).toBe('ACCESS.NOT_LINKED');
    expect(replyToPlainText(unlinked)).toContain('Type /account connect');
    expect((await b.run('@zed /account disconnect')).code).toBe('CONNECT.NOT_CONNECTED');
    const audit = await b.h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(10)).map((a) => a.action) }));
    expect(audit).toContain('account.disconnect');
    expect(audit).toContain('account.connect');
  });

  it('GIVEN a whole connect, use and disconnect WHEN logs, replies, private messages, the export and the audit log are searched THEN no consumer key appears in any', async () => {
    b = await startConnectBed();
    await b.open(b.urlIn(await b.text('@zed /account connect')));
    b.h.clock.advance(3_000);
    await b.parts.poller.tick();
    await b.text('@zed /account');
    await b.text('@zed /account audit');
    await b.text('@carol /account connect');
    await b.text('@zed /account disconnect');
    const keys = [...b.fake.state.consumerKeys.keys()];
    expect(keys.length).toBe(2);
    const everywhere = await b.surfaces();
    expect(everywhere.length).toBeGreaterThan(1000);
    for (const key of keys) expect(everywhere).not.toContain(key);
    expect(everywhere).not.toContain(TEST_SECRET_KEY_TEXT);
  });

  it('GIVEN the API cannot be reached WHEN a user connects THEN they are told to try again later and nothing is pending', async () => {
    b = await startConnectBed();
    b.fake.failNext({ method: 'POST', operation: '/auth/credential' }, { status: 400, message: 'Invalid application' });
    const r = await b.run('@zed /account connect');
    expect(r.code).toBe('OVH.REFUSED');
    b.fake.dropNext({ method: 'POST', operation: '/auth/credential' });
    const dropped = await b.run('@zed /account connect');
    expect(dropped.code).toBe('OVH.UNAVAILABLE');
    expect((await state(b)).pending).toBeUndefined();
  });
});

const TEST_SECRET_KEY_TEXT = '5e'.repeat(32);
