import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../adapters/crypto/aes-gcm.secret-box.js';
import { accessRulesForRequest } from '../adapters/ovhcloud/access-rules.js';
import { KeyvSqliteEngine } from '../adapters/store/keyv-sqlite.engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { runChild } from './support/spawn.js';
import { FakeOvhCloud } from './support/ovhcloud-fake/ovhcloud-fake.js';

const SECRET_KEY = '7c'.repeat(32);
const NOW = '2026-11-23T09:00:00.000Z';
const LATER = '2026-11-23T09:03:00.000Z';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('remote effects across a crash', () => {
  it('GIVEN a disconnect killed (SIGKILL) between POST /auth/logout and its record WHEN the same invocation is retried THEN it waits out the lease, then reconciles against the API: the key is logged out exactly once and the disconnect completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-connect-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'guichet.sqlite');
    const fake = await FakeOvhCloud.start();
    cleanups.push(() => fake.close());
    const consumerKey = fake.issueConsumerKey('alice-ovh', accessRulesForRequest());
    const uow = new DocumentUnitOfWork(await KeyvSqliteEngine.open({ uri: `sqlite://${file}` }));
    await uow.run(async (tx) => {
      tx.accounts.put({ id: 'alice-ovh', name: 'alice', subsidiary: 'FR', currency: 'EUR', locale: 'en', email: null, backupEmail: null, twoFactor: false, paymentMethods: [], closedAt: null });
      tx.connections.put({ account: 'alice-ovh', endpoint: fake.url, sealedKey: createSecretBox(SECRET_KEY).seal(consumerKey), state: 'validated', createdAt: NOW, chatUser: 'console:local/zed' });
      await tx.links.put({ chatUser: 'console:local/zed', account: 'alice-ovh', linkedBy: 'test', linkedAt: NOW });
      return { commit: true, result: undefined };
    });
    await uow.close();
    const env = {
      GUICHET_PROVIDER: 'ovhcloud', GUICHET_SECRET_KEY: SECRET_KEY, OVH_ENDPOINT: fake.url, OVH_APPLICATION_KEY: fake.applicationKey,
      OVH_APPLICATION_SECRET: fake.applicationSecret, GUICHET_STORE: `sqlite://${file}`, GUICHET_DEMO_DATA: 'off', LOG_LEVEL: 'info',
      INVOCATION_ID: 'slack-trigger-42',
    };
    const child = (extra: Record<string, string>) => runChild(process.execPath, ['--import', 'tsx', 'test/support/connect-crash-child.ts', 'zed', 'disconnect'], { ...env, ...extra }, '');
    const logouts = () => fake.count('POST', '/auth/logout');

    const killed = await child({ GUICHET_NOW: NOW, CRASH_AFTER_CALL: 'auth-logout' });
    expect(killed.code, killed.stderr).toBeNull();
    expect(killed.stdout).toBe('');
    expect(logouts()).toBe(1);

    const early = await child({ GUICHET_NOW: NOW });
    expect(JSON.parse(early.stdout).code, early.stderr).toBe('EFFECT.IN_PROGRESS');
    expect(logouts()).toBe(1);

    const retried = await child({ GUICHET_NOW: LATER });
    const reply = JSON.parse(retried.stdout) as { code: string };
    expect(reply.code, retried.stderr).toBe('CONNECT.DISCONNECTED');
    expect(logouts()).toBe(1);
    expect(fake.count('GET', '/auth/currentCredential')).toBeGreaterThanOrEqual(1);
    expect(fake.state.consumerKeys.get(consumerKey)?.state).toBe('expired');

    const after = new DocumentUnitOfWork(await KeyvSqliteEngine.open({ uri: `sqlite://${file}` }));
    const left = await after.run(async (tx) => ({
      commit: false,
      result: { link: await tx.links.get('console:local/zed'), conn: await tx.connections.get('alice-ovh'), effect: await tx.effects.get('slack-trigger-42:auth-logout') },
    }));
    await after.close();
    expect(left.link).toBeUndefined();
    expect(left.conn).toBeUndefined();
    expect(left.effect).toMatchObject({ state: 'done', outcome: { revoked: true } });
    for (const out of [killed, early, retried]) expect(out.stdout + out.stderr).not.toContain(consumerKey);
  });
});
