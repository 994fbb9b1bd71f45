import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../adapters/crypto/aes-gcm.secret-box.js';
import { exportStore, ImportError, importStore } from '../adapters/store/backup.js';
import { makeHarness, type Harness } from './support/harness.js';

const CONSUMER_KEY = 'CK-live-9f8e7d6c5b4a39281706';
const here = createSecretBox('11'.repeat(32));
const elsewhere = createSecretBox('22'.repeat(32));
const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function connected(box = here): Promise<Harness> {
  const h = await makeHarness();
  open.push(h);
  await h.uow.run(async (tx) => {
    const at = h.clock.now().toISOString();
    tx.connections.put({ account: 'alice-ovh', endpoint: 'ovh-eu', sealedKey: box.seal(CONSUMER_KEY), state: 'validated', createdAt: at, chatUser: 'console:local/alice' });
    tx.connections.putPending({ chatUser: 'console:local/zed-pending', endpoint: 'ovh-eu', sealedKey: box.seal(`${CONSUMER_KEY}-pending`), sealedValidationUrl: box.seal('https://x/auth?t=1'), createdAt: at, expiresAt: at });
    tx.effects.put({ key: 'inv:connect', state: 'done', at, claim: 'c', leaseUntil: at, outcome: { sealedKey: box.seal(CONSUMER_KEY) } });
    return { commit: true, result: undefined };
  });
  return h;
}

describe('connections in exports', () => {
  it('GIVEN a connected account WHEN the store is exported THEN the consumer key is there only sealed, and pending connections and the effect journal are left out', async () => {
    const h = await connected();
    const file = await exportStore(h.engine, h.clock.now());
    const text = JSON.stringify(file);
    expect(text).not.toContain(CONSUMER_KEY);
    expect(file.collections.connections).toHaveLength(1);
    expect(here.open((file.collections.connections![0] as { sealedKey: string }).sealedKey)).toBe(CONSUMER_KEY);
    expect(text).not.toContain('console:local/zed-pending');
    expect(Object.keys(file.collections)).not.toContain('effects');
  });

  it('GIVEN an export WHEN imported where the same GUICHET_SECRET_KEY runs THEN the connection comes back and opens', async () => {
    const file = JSON.parse(JSON.stringify(await exportStore((await connected()).engine, new Date())));
    const other = await makeHarness({ demo: false });
    open.push(other);
    const counts = await importStore(other.uow, file, { sealedHere: (s) => here.sealedHere(s) });
    expect(counts.connections).toBe(1);
    const back = await other.uow.run(async (tx) => ({ commit: false, result: await tx.connections.get('alice-ovh') }));
    expect(here.open(back!.sealedKey)).toBe(CONSUMER_KEY);
  });

  it('GIVEN an export from another deployment (or no key here) WHEN imported THEN its connections are left out and counted, the rest imported', async () => {
    const file = JSON.parse(JSON.stringify(await exportStore((await connected(elsewhere)).engine, new Date())));
    for (const options of [{ sealedHere: (s: string) => here.sealedHere(s) }, {}]) {
      const other = await makeHarness({ demo: false });
      open.push(other);
      const counts = await importStore(other.uow, file, options);
      expect(counts['connections-left-out']).toBe(1);
      expect(counts.connections).toBe(0);
      expect(counts.accounts).toBeGreaterThan(0);
      const back = await other.uow.run(async (tx) => ({ commit: false, result: { conn: await tx.connections.get('alice-ovh'), acct: await tx.accounts.get('alice-ovh') } }));
      expect(back.conn).toBeUndefined();
      expect(back.acct?.id).toBe('alice-ovh');
    }
  });

  it('GIVEN an import file with a consumer key written in clear WHEN imported THEN nothing is imported and the error says a sealed secret is expected', async () => {
    const file = JSON.parse(JSON.stringify(await exportStore((await connected()).engine, new Date())));
    file.collections.connections[0].sealedKey = CONSUMER_KEY;
    const other = await makeHarness({ demo: false });
    open.push(other);
    const err = await importStore(other.uow, file, { sealedHere: () => true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/connections\[0\] .*sealedKey: must be a sealed secret/);
    expect((err as Error).message).not.toContain(CONSUMER_KEY);
    expect(await other.uow.run(async (tx) => ({ commit: false, result: (await tx.accounts.list()).items.length }))).toBe(0);
  });
});
