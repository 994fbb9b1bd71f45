import { afterEach, describe, expect, it } from 'vitest';
import { DocumentTx } from '../adapters/store/document-tx.js';
import { ABSENT, type StorageEngine } from '../adapters/store/engine.js';
import { bindRepositories } from '../adapters/store/unit-of-work.js';
import type { Service } from '../src/domain/service.js';
import type { Tx } from '../src/ports/store.js';
import { ReadLog } from './support/engines.js';
import { makeHarness, type Harness } from './support/harness.js';
import { aService, getService, saveService } from './support/renewal.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const EXPIRES = '2027-01-10T00:00:00.000Z';
const INDEX = 'svc-by-contact:';

/** Every contact index entry of the store, by key. */
async function indexEntries(engine: StorageEngine): Promise<Record<string, unknown>> {
  const rows = await engine.range(INDEX, `${INDEX}\uffff`, { limit: 10_000 });
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** Rewrites every contact index entry as stores written before the summaries hold it (`1`). */
async function asOlderStore(engine: StorageEngine): Promise<void> {
  const keys = Object.keys(await indexEntries(engine));
  await engine.commit({ reads: new Map(), writes: new Map(keys.map((k) => [k, 1])) });
}

const read = <T>(hh: Harness, body: (tx: Tx) => Promise<T>) => hh.uow.run(async (tx) => ({ commit: false, result: await body(tx) }));
const rows = (text: string) => text.split('\n').filter((l) => /demo|vps|shared/.test(l));

describe('/renew status from the summaries kept in the contact index', () => {
  it('GIVEN a service WHEN it is written, its mode, expiry and state change, and a contact changes THEN each contact’s index entry holds its summary and the dropped contact’s entry is gone', async () => {
    h = await makeHarness();
    const s = aService('shared-vps', { expiresAt: EXPIRES, contacts: { admin: 'alice-ovh', billing: 'carol-ovh', tech: 'alice-ovh' } });
    await saveService(h, s);
    const summary = { state: 'active', renewal: { expiresAt: EXPIRES, mode: 'manual' } };
    expect(await indexEntries(h.engine)).toMatchObject({ [`${INDEX}alice-ovh:shared-vps`]: summary, [`${INDEX}carol-ovh:shared-vps`]: summary });
    expect((await h.run('@alice /renew auto shared-vps')).tone).toBe('success');
    expect((await h.run('@alice /renew pay shared-vps --yes')).tone).toBe('success');
    const paid = (await getService(h, 'shared-vps'))!;
    await saveService(h, { ...paid, state: 'expired', contacts: { admin: 'alice-ovh', billing: 'dave-ovh', tech: 'alice-ovh' } });
    const after = await indexEntries(h.engine);
    const now = { state: 'expired', renewal: { expiresAt: paid.renewal!.expiresAt, mode: 'automatic' } };
    expect(paid.renewal!.expiresAt).not.toBe(EXPIRES);
    expect(after[`${INDEX}alice-ovh:shared-vps`]).toEqual(now);
    expect(after[`${INDEX}dave-ovh:shared-vps`]).toEqual(now);
    expect(after).not.toHaveProperty(`${INDEX}carol-ovh:shared-vps`);
  });

  it('GIVEN the demo WHEN alice lists her renewals THEN no service document is read, and a mode change shows in the next list', async () => {
    let log: ReadLog | undefined;
    h = await makeHarness({ engine: 'sqlite', wrap: (e) => (log = new ReadLog(e)) });
    log!.keys.length = 0;
    log!.scans.length = 0;
    const first = await h.text('@alice /renew status');
    expect(rows(first)).toEqual([
      expect.stringMatching(/hosting-demo.*terminate at expiry/),
      expect.stringMatching(/vps-demo-1.*manual.*3 Dec 2026 \(in 10 day\(s\)\)/),
      expect.stringMatching(/example-demo\.fr.*automatic/),
    ]);
    expect(log!.keys.filter((k) => k.startsWith('svc:'))).toEqual([]);
    expect(log!.scans).toEqual([`${INDEX}alice-ovh:`]);
    expect((await h.run('@alice /renew auto vps-demo-1')).tone).toBe('success');
    expect(rows(await h.text('@alice /renew status'))[1]).toMatch(/vps-demo-1.*automatic/);
  });

  it('GIVEN a store written before the summaries (index entries without one) WHEN alice lists her renewals THEN the services are read and the list is the same; a changed service gets its summary and is no longer read', async () => {
    h = await makeHarness();
    const expected = await h.text('@alice /renew status');
    await asOlderStore(h.engine);
    const reads: string[] = [];
    const engine = h.engine;
    const summaries = () => h!.uow.run(async (tx) => ({ commit: false, result: await tx.services.summariesForContact('alice-ovh', 200) }));
    expect(await h.text('@alice /renew status')).toBe(expected);
    const vps = (await getService(h, 'vps-demo-1'))!;
    await saveService(h, { ...vps, renewal: { ...vps.renewal!, mode: 'automatic' } });
    expect((await indexEntries(engine))[`${INDEX}alice-ovh:vps-demo-1`]).toEqual({ state: 'active', renewal: { expiresAt: '2026-12-03T09:00:00.000Z', mode: 'automatic' } });
    expect((await indexEntries(engine))[`${INDEX}alice-ovh:hosting-demo`]).toBe(1);
    const original = engine.readMany.bind(engine);
    engine.readMany = (keys, checks) => (reads.push(...keys), original(keys, checks));
    expect((await summaries()).map((s) => `${s.id} ${s.renewal?.mode ?? '-'}`)).toEqual(['example-demo.fr automatic', 'hosting-demo cancel', 'pc-demo -', 'vps-demo-1 automatic']);
    expect(reads.filter((k) => k.startsWith('svc:'))).toEqual(['svc:example-demo.fr', 'svc:hosting-demo', 'svc:pc-demo']);
  });

  it('GIVEN a unit of work that changed a service WHEN it lists the summaries THEN it sees its own change', async () => {
    h = await makeHarness();
    const seen = await h.uow.run(async (tx) => {
      const s = (await tx.services.get('vps-demo-1'))!;
      await tx.services.put({ ...s, renewal: { ...s.renewal!, mode: 'cancel', cancelReason: 'test' } });
      return { commit: false, result: await tx.services.summariesForContact('alice-ovh', 200) };
    });
    expect(seen.find((s) => s.id === 'vps-demo-1')?.renewal?.mode).toBe('cancel');
    expect((await read(h, (tx) => tx.services.summariesForContact('alice-ovh', 200))).find((s) => s.id === 'vps-demo-1')?.renewal?.mode).toBe('manual');
  });

  it('GIVEN two changes of one service made at the same moment WHEN both commit THEN the second is refused, and the summary follows the service that landed', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const change = async (mode: 'automatic' | 'cancel') => {
      const tx = new DocumentTx(h!.engine);
      const repos = bindRepositories(tx);
      const s = (await repos.services.get('vps-demo-1')) as Service;
      await repos.services.put({ ...s, renewal: { ...s.renewal!, mode } });
      return tx;
    };
    const [first, second] = [await change('automatic'), await change('cancel')];
    expect(await h.engine.commit(first.request(true))).toBe(true);
    expect(await h.engine.commit(second.request(true))).toBe(false);
    expect((await getService(h, 'vps-demo-1'))!.renewal!.mode).toBe('automatic');
    expect((await indexEntries(h.engine))[`${INDEX}alice-ovh:vps-demo-1`]).toMatchObject({ renewal: { mode: 'automatic' } });
    expect(await h.engine.read(`${INDEX}nobody:vps-demo-1`)).toEqual({ value: undefined, version: ABSENT });
  });
});
