import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImport } from '../adapters/import-cli.js';
import { exportStore } from '../adapters/store/backup.js';
import { COLLECTIONS } from '../adapters/store/collections.js';
import { DocumentTx } from '../adapters/store/document-tx.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { encodeTime } from '../src/domain/timed-id.js';
import type { KeptSecret, ServiceMail } from '../src/domain/records.js';
import { askChange, read } from './support/contacts.js';
import { ReadLog } from './support/engines.js';
import { makeHarness, type Harness } from './support/harness.js';

const DAY = 86_400_000;
/** The key of a copy keyed by its expiry, as the store writes it: `keptx:` + 10 base32 digits of the time + `|REF|ACCOUNT`. */
const timedKeptKey = (ref: string, account: string, at: string) => `keptx:${encodeTime(new Date(at))}|${ref}|${account}`;
const hs: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function harness(engine: 'memory' | 'sqlite'): Promise<{ h: Harness; log: ReadLog }> {
  let log!: ReadLog;
  const h = await makeHarness({ engine, wrap: (e) => (log = new ReadLog(e)) });
  hs.push(h);
  return { h, log };
}

/** The keys of kept copies and of their former index: `keptx:…`, `kept:…` and `kept-at:…`. */
const keptKeys = async (engine: StorageEngine) => (await engine.range('kept', 'kept\uffff', { limit: 1000 })).map((r) => r.key).sort();
const rows = (engine: StorageEngine, prefix: string) => engine.range(prefix, `${prefix}\uffff`, { limit: 1000 });
const expiryOf = async (h: Harness, id: string) => (await read(h, (tx) => tx.contactRequests.get(id)))!.expiresAt;

/**
 * Turns the store's timed copies into what the previous version wrote: `kept:REF|ACCOUNT` plus `kept-at:EXPIRY|REF|ACCOUNT`,
 * and mails naming their copy by ref alone (no `secretUntil`).
 */
async function asPreviousVersion(engine: StorageEngine): Promise<void> {
  const tx = new DocumentTx(engine);
  for (const r of await rows(engine, 'keptx:')) {
    const s = r.value as KeptSecret;
    tx.delete(r.key);
    tx.put(`kept:${s.ref}|${s.account}`, s);
    tx.put(`kept-at:${s.expiresAt}|${s.ref}|${s.account}`, `kept:${s.ref}|${s.account}`);
  }
  for (const r of await rows(engine, 'mail:')) {
    const { secretUntil, ...mail } = r.value as ServiceMail;
    if (secretUntil) tx.put(r.key, mail);
  }
  expect(await engine.commit(tx.request(true))).toBe(true);
}

describe.each(['memory', 'sqlite'] as const)('kept tokens of contact changes (%s store)', (engine) => {
  it('GIVEN /contacts change WHEN it sends each side its token THEN each copy is one document keptx:EXPIRY|REF|ACCOUNT, no kept-at: document is written, and /account emails reads it in one read', async () => {
    const { h, log } = await harness(engine);
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const until = await expiryOf(h, id);
    const copies = ['alice-ovh', 'dave-ovh'].map((a) => timedKeptKey(`creq:${id}`, a, until));
    expect(await keptKeys(h.engine)).toEqual(copies);
    const mails = (await rows(h.engine, 'mail:')).map((r) => r.value as ServiceMail).filter((m) => m.secretRef);
    expect(mails.map((m) => [m.account, m.secretRef, m.secretUntil]).sort()).toEqual([['alice-ovh', `creq:${id}`, until], ['dave-ovh', `creq:${id}`, until]]);
    log.keys.length = 0;
    expect(await h.text('@dave /account emails')).toContain(tokens.dave);
    expect(log.keys.filter((k) => k.startsWith('kept'))).toEqual([copies[1]]);
  });

  it('GIVEN tokens kept by the previous version (kept: + kept-at:, mails without their expiry) WHEN each side opens /account emails THEN it reads its token from kept:; WHEN the request is refused THEN the copies and their index entries are erased', async () => {
    const { h, log } = await harness(engine);
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await asPreviousVersion(h.engine);
    expect(await keptKeys(h.engine)).toHaveLength(4);
    log.keys.length = 0;
    expect(await h.text('@dave /account emails')).toContain(tokens.dave);
    expect(await h.text('@alice /account emails')).toContain(tokens.alice);
    expect(log.keys.filter((k) => k.startsWith('kept')).sort()).toEqual([`kept:creq:${id}|alice-ovh`, `kept:creq:${id}|dave-ovh`]);
    await h.run(`@dave /contacts refuse ${id} ${tokens.dave}`);
    expect(await keptKeys(h.engine)).toEqual([]);
    expect(await h.text('@dave /account emails')).toContain('plus valable');
  });

  it('GIVEN a request of the previous version and a new one WHEN the new one settles THEN only its copies go; WHEN both expire THEN the job run erases the rest', async () => {
    const { h } = await harness(engine);
    const old = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await asPreviousVersion(h.engine);
    const legacy = await keptKeys(h.engine);
    const fresh = await askChange(h, '@alice /contacts change vps-demo-1 billing=dave-ovh');
    expect((await keptKeys(h.engine)).filter((k) => k.startsWith('keptx:'))).toHaveLength(2);
    await h.run(`@dave /contacts refuse ${fresh.id} ${fresh.tokens.dave}`);
    expect(await keptKeys(h.engine)).toEqual(legacy);
    expect(await h.text('@dave /account emails')).toContain(old.tokens.dave);
    h.clock.advance(8 * DAY);
    await h.run('@root /guichet admin run-jobs');
    expect(await keptKeys(h.engine)).toEqual([]);
  });
});

describe('kept tokens and export/import', () => {
  it('GIVEN kept copies of both shapes WHEN exported and imported with --replace THEN no copy is exported or left behind, the mails keep their expiry, and their tokens read as no longer valid', async () => {
    const { h: source } = await harness('sqlite');
    const old = await askChange(source, '@alice /contacts change pc-demo billing=dave-ovh');
    await asPreviousVersion(source.engine);
    const fresh = await askChange(source, '@alice /contacts change vps-demo-1 billing=dave-ovh');
    const keys = await keptKeys(source.engine);
    expect(keys.filter((k) => k.startsWith('keptx:'))).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('kept:'))).toHaveLength(2);
    const file = await exportStore(source.engine, source.clock.now());
    const text = JSON.stringify(file);
    for (const token of [...Object.values(old.tokens), ...Object.values(fresh.tokens)]) expect(text).not.toContain(token);
    expect(text).not.toContain('sealed');
    expect((file.collections.mails as ServiceMail[]).filter((m) => m.secretUntil)).toHaveLength(2);
    // No collection's prefix range holds a kept key, so the new prefix never mixes with exported documents.
    for (const c of COLLECTIONS) for (const k of keys) expect(k.startsWith(c.prefix)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'guichet-kept-import-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'backup.json'), text);
    const { h: target } = await harness('sqlite');
    await askChange(target, '@alice /contacts change pc-demo billing=dave-ovh');
    const said: string[] = [];
    const code = await runImport({
      uow: target.uow, where: 'the test store', file: join(dir, 'backup.json'), replace: true, yes: true, clock: target.clock, wallClock: target.clock, say: (l) => said.push(l),
    });
    expect(code, said.join('\n')).toBe(0);
    expect(await keptKeys(target.engine)).toEqual([]);
    const { audit: _a, ...after } = (await exportStore(target.engine, target.clock.now())).collections;
    const { audit: _b, ...before } = file.collections;
    expect(after).toEqual(before);
    const mails = await target.text('@dave /account emails');
    expect(mails).not.toContain(fresh.tokens.dave);
    expect(mails).toContain('plus valable');
  });
});
