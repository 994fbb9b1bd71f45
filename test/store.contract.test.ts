import { describe, expect } from 'vitest';
import { ABSENT } from '../adapters/store/engine.js';
import { DocumentUnitOfWork } from '../adapters/store/unit-of-work.js';
import { demoAccounts, demoServices } from '../src/demo/demo-data.js';
import type { Order } from '../src/domain/order.js';
import { itOn, testEngines } from './support/engines.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const engines = testEngines('contract');

function order(id: string, account: string, createdAt: string): Order {
  return {
    id, account, createdAt, currency: 'EUR', taxRateBp: 2000, totalExclMinor: 100, taxMinor: 20, totalInclMinor: 120,
    state: 'awaiting-payment', steps: [{ state: 'awaiting-payment', at: createdAt }], paidWith: null,
    lines: [{ kind: 'cloud-credit', description: 'credit', serviceId: 'pc-demo', amountMinor: 100 }],
  };
}

describe.each(engines)('repository contract on %s', (name, open) => {
  const it = itOn(name);
  it('GIVEN accounts and services WHEN written and read back THEN they are equal, case-insensitively, and indexed by contact', async () => {
    const uow = new DocumentUnitOfWork(await open());
    await uow.run(async (tx) => {
      for (const a of demoAccounts()) tx.accounts.put(a);
      for (const s of demoServices(NOW)) await tx.services.put(s);
      return { commit: true, result: undefined };
    });
    const got = await uow.run(async (tx) => ({
      commit: false,
      result: {
        alice: await tx.accounts.get('ALICE-OVH'),
        mine: (await tx.services.listForContact('alice-ovh')).items.map((s) => s.id),
        bobs: (await tx.services.listForContact('bob-ovh')).items.map((s) => s.id),
        page1: await tx.accounts.list(undefined, 2),
      },
    }));
    expect(got.alice?.subsidiary).toBe('FR');
    expect(got.mine).toEqual(['example-demo.fr', 'hosting-demo', 'pc-demo', 'vps-demo-1']);
    expect(got.bobs).toEqual(['ks-demo']);
    expect(got.page1.items.map((a) => a.id)).toEqual(['alice-ovh', 'bob-ovh']);
    expect(got.page1.next).toBe('bob-ovh');
    await uow.close();
  });

  it('GIVEN a service WHEN its billing contact changes THEN the contact index moves with it', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const pc = demoServices(NOW)[0]!;
    await uow.run(async (tx) => ({ commit: true, result: await tx.services.put(pc) }));
    await uow.run(async (tx) => ({ commit: true, result: await tx.services.put({ ...pc, contacts: { ...pc.contacts, billing: 'dave-ovh' } }) }));
    const [alice, dave] = await uow.run(async (tx) => ({
      commit: false,
      result: [(await tx.services.listForContact('alice-ovh')).items.length, (await tx.services.listForContact('dave-ovh')).items.length],
    }));
    expect([alice, dave]).toEqual([1, 1]);
    await uow.run(async (tx) => ({ commit: true, result: await tx.services.put({ ...pc, contacts: { admin: 'bob-ovh', billing: 'bob-ovh', tech: 'bob-ovh' } }) }));
    const left = await uow.run(async (tx) => ({ commit: false, result: (await tx.services.listForContact('alice-ovh')).items.length }));
    expect(left).toBe(0);
    await uow.close();
  });

  it('GIVEN links, mails, audit, orders and due entries WHEN listed THEN each comes back in its order', async () => {
    const uow = new DocumentUnitOfWork(await open());
    await uow.run(async (tx) => {
      await tx.links.put({ chatUser: 'slack:T1/U1', account: 'alice-ovh', linkedBy: 'op', linkedAt: NOW.toISOString() });
      await tx.links.put({ chatUser: 'slack:T1/U2', account: 'alice-ovh', linkedBy: 'op', linkedAt: NOW.toISOString() });
      for (let i = 0; i < 3; i++) {
        const at = new Date(NOW.getTime() + i * 1000).toISOString();
        tx.mails.append({ id: `m${i}`, at, account: 'alice-ovh', subject: `s${i}`, body: 'b' });
        tx.audit.append({ id: `a${i}`, at, actor: 'x', account: null, channel: null, action: `act${i}`, target: null, result: 'ok', details: {} });
        tx.orders.put(order(`ORD-${i}`, 'alice-ovh', at));
        tx.due.add({ at, kind: 'k', ref: `r${i}` });
      }
      return { commit: true, result: undefined };
    });
    await uow.run(async (tx) => {
      await tx.links.put({ chatUser: 'slack:T1/U2', account: 'bob-ovh', linkedBy: 'op', linkedAt: NOW.toISOString() });
      tx.due.remove({ at: new Date(NOW.getTime() + 1000).toISOString(), kind: 'k', ref: 'r1' });
      return { commit: true, result: undefined };
    });
    const r = await uow.run(async (tx) => ({
      commit: false,
      result: {
        alice: (await tx.links.listForAccount('alice-ovh')).map((l) => l.chatUser),
        bob: (await tx.links.listForAccount('bob-ovh')).map((l) => l.chatUser),
        mails: (await tx.mails.latest('alice-ovh', 2)).map((m) => m.id),
        audit: (await tx.audit.latest(10)).map((a) => a.id),
        orders: await tx.orders.listForAccount('alice-ovh', undefined, 2),
        order: await tx.orders.get('ord-2'),
        due: (await tx.due.until(new Date(NOW.getTime() + 1500), 10)).map((d) => d.ref),
        dueAfter: (await tx.due.until(new Date(NOW.getTime() + 5000), 10, { at: NOW.toISOString(), kind: 'k', ref: 'r0' })).map((d) => d.ref),
      },
    }));
    expect(r.alice).toEqual(['slack:T1/U1']);
    expect(r.bob).toEqual(['slack:T1/U2']);
    expect(r.mails).toEqual(['m2', 'm1']);
    expect(r.audit).toEqual(['a2', 'a1', 'a0']);
    expect(r.orders.items.map((o) => o.id)).toEqual(['ORD-2', 'ORD-1']);
    expect(r.order?.id).toBe('ORD-2');
    expect(r.due).toEqual(['r0']);
    expect(r.dueAfter).toEqual(['r2']);
    const next = await uow.run(async (tx) => ({ commit: false, result: await tx.orders.listForAccount('alice-ovh', r.orders.next, 2) }));
    expect(next.items.map((o) => o.id)).toEqual(['ORD-0']);
    await uow.close();
  });

  it('GIVEN validated and pending connections and effect records WHEN written, listed, removed and purged THEN each comes back, by account or chat user, and old effects go', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const sealed = 'v1.0123456789abcdef.aXY.ZGF0YQ.dGFn';
    await uow.run(async (tx) => {
      tx.connections.put({ account: 'Alice-OVH', endpoint: 'ovh-eu', sealedKey: sealed, state: 'validated', createdAt: NOW.toISOString(), chatUser: 'slack:T1/U1' });
      tx.connections.put({ account: 'bob-ovh', endpoint: 'ovh-ca', sealedKey: sealed, state: 'validated', createdAt: NOW.toISOString(), chatUser: 'slack:T1/U2' });
      tx.connections.putPending({ chatUser: 'slack:T1/U3', endpoint: 'ovh-eu', sealedKey: sealed, sealedValidationUrl: sealed, createdAt: NOW.toISOString(), expiresAt: NOW.toISOString() });
      tx.effects.put({ key: 'inv-1:logout', state: 'intent', at: '2026-11-01T00:00:00.000Z', claim: 'c1', leaseUntil: '2026-11-01T00:02:00.000Z' });
      tx.effects.put({ key: 'inv-2:voucher', state: 'done', at: NOW.toISOString(), claim: 'c2', leaseUntil: NOW.toISOString(), outcome: { amount: 5 } });
      return { commit: true, result: undefined };
    });
    const got = await uow.run(async (tx) => ({
      commit: false,
      result: {
        alice: await tx.connections.get('ALICE-OVH'),
        all: (await tx.connections.list()).items.map((c) => c.account),
        pending: (await tx.connections.listPending()).items.map((c) => c.chatUser),
        mine: await tx.connections.pending('slack:T1/U3'),
        done: await tx.effects.get('inv-2:voucher'),
      },
    }));
    expect(got.alice?.chatUser).toBe('slack:T1/U1');
    expect(got.all).toEqual(['alice-ovh', 'bob-ovh']);
    expect(got.pending).toEqual(['slack:T1/U3']);
    expect(got.mine?.endpoint).toBe('ovh-eu');
    expect(got.done).toMatchObject({ state: 'done', outcome: { amount: 5 } });
    await expect(uow.run(async (tx) => ({ commit: true, result: tx.connections.put({ account: 'x', endpoint: 'ovh-eu', sealedKey: 'CK-in-clear', state: 'validated', createdAt: '', chatUser: 'u' }) }))).rejects.toThrow(/sealed/);
    const purged = await uow.run(async (tx) => {
      tx.connections.remove('alice-ovh');
      tx.connections.removePending('slack:T1/U3');
      return { commit: true, result: await tx.effects.purgeBefore(new Date('2026-11-15T00:00:00Z'), 10) };
    });
    expect(purged).toBe(1);
    const after = await uow.run(async (tx) => ({
      commit: false,
      result: [
        (await tx.connections.list()).items.map((c) => c.account),
        (await tx.connections.listPending()).items.length,
        await tx.effects.get('inv-1:logout'),
        (await tx.effects.get('inv-2:voucher'))?.state,
        await tx.effects.purgeBefore(new Date('2026-11-15T00:00:00Z'), 10),
      ],
    }));
    expect(after).toEqual([['bob-ovh'], 0, undefined, 'done', 0]);
    await uow.close();
  });

  it('GIVEN a unit of work WHEN it decides not to commit THEN none of its writes land', async () => {
    const uow = new DocumentUnitOfWork(await open());
    await uow.run(async (tx) => {
      tx.accounts.put(demoAccounts()[0]!);
      return { commit: false, result: undefined };
    });
    expect(await uow.run(async (tx) => ({ commit: false, result: await tx.accounts.get('alice-ovh') }))).toBeUndefined();
    await uow.close();
  });

  it('GIVEN a body that throws after writing WHEN run THEN nothing lands', async () => {
    const uow = new DocumentUnitOfWork(await open());
    await expect(
      uow.run(async (tx) => {
        tx.accounts.put(demoAccounts()[0]!);
        await tx.services.put(demoServices(NOW)[0]!);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const seen = await uow.run(async (tx) => ({ commit: false, result: [await tx.accounts.get('alice-ovh'), await tx.services.get('pc-demo')] }));
    expect(seen).toEqual([undefined, undefined]);
    await uow.close();
  });

  it('GIVEN 40 concurrent read-modify-write units on one document WHEN all finish THEN no update is lost', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const alice = demoAccounts()[0]!;
    await uow.run(async (tx) => ({ commit: true, result: tx.accounts.put({ ...alice, name: '0' }) }));
    await Promise.all(
      Array.from({ length: 40 }, () =>
        uow.run(async (tx) => {
          const a = (await tx.accounts.get('alice-ovh'))!;
          await new Promise((r) => setImmediate(r));
          tx.accounts.put({ ...a, name: String(Number(a.name) + 1) });
          return { commit: true, result: undefined };
        }),
      ),
    );
    const final = await uow.run(async (tx) => ({ commit: false, result: (await tx.accounts.get('alice-ovh'))!.name }));
    expect(final).toBe('40');
    await uow.close();
  });

  it('GIVEN two units of work that each claim a target (no guard yet, as in an older store) and wait for each other WHEN both commit THEN the second re-runs; claims of two different targets both commit at once', async () => {
    const uow = new DocumentUnitOfWork(await open());
    /** Runs two claims at once, each held until both have claimed (first attempts only); returns the attempts made. */
    const claimBoth = async (a: string, b: string) => {
      let attempts = 0;
      let arrived = 0;
      let go = () => {};
      const together = new Promise<void>((r) => { go = r; });
      const claim = (target: string) => uow.run(async (tx) => {
        attempts++;
        await tx.contactRequests.claimTarget(target);
        if (++arrived === 2) go();
        if (arrived <= 2) await together;
        return { commit: true, result: undefined };
      });
      await Promise.all([claim(a), claim(b)]);
      return attempts;
    };
    expect(await claimBoth('dave-ovh', 'dave-ovh')).toBe(3);
    expect(await claimBoth('dave-ovh', 'dave-ovh')).toBe(3);
    expect(await claimBoth('dave-ovh', 'bob-ovh')).toBe(2);
    await uow.close();
  });

  it('GIVEN a commit requiring that a key does not exist WHEN the key exists THEN it fails and writes nothing; once deleted, it succeeds', async () => {
    const e = await open();
    await e.commit({ reads: new Map(), writes: new Map([['order:ORD-1', { n: 1 }]]) });
    const create = (n: number) => e.commit({ reads: new Map([['order:ORD-1', ABSENT]]), writes: new Map<string, unknown>([['order:ORD-1', { n }], [`idx:${n}`, n]]) });
    expect(await create(2)).toBe(false);
    expect((await e.read('order:ORD-1')).value).toEqual({ n: 1 });
    expect((await e.read('idx:2')).value).toBeUndefined();
    await e.commit({ reads: new Map(), writes: new Map([['order:ORD-1', null]]) });
    expect(await create(3)).toBe(true);
    expect((await e.read('order:ORD-1')).value).toEqual({ n: 3 });
    await e.close();
  });

  it('GIVEN a commit requiring the version it read WHEN the key was rewritten meanwhile THEN it fails; with the current version it succeeds', async () => {
    const e = await open();
    await e.commit({ reads: new Map(), writes: new Map([['k', 1]]) });
    const first = await e.read('k');
    expect(first.version).not.toBe(ABSENT);
    await e.commit({ reads: new Map(), writes: new Map([['k', 2]]) });
    const second = await e.read('k');
    expect(second.version).not.toBe(first.version);
    expect(await e.commit({ reads: new Map([['k', first.version]]), writes: new Map([['k', 3]]) })).toBe(false);
    expect(await e.commit({ reads: new Map([['k', first.version]]), writes: new Map() })).toBe(false);
    expect(await e.commit({ reads: new Map([['k', second.version]]), writes: new Map([['k', 3]]) })).toBe(true);
    expect((await e.read('k')).value).toBe(3);
    await e.close();
  });

  it('GIVEN a group of concurrent commits where one fails its precondition WHEN committed together THEN only that one is refused', async () => {
    const e = await open();
    await e.commit({ reads: new Map(), writes: new Map([['taken', 1]]) });
    const results = await Promise.all([
      e.commit({ reads: new Map([['a', ABSENT]]), writes: new Map([['a', 1]]) }),
      e.commit({ reads: new Map([['taken', ABSENT]]), writes: new Map<string, unknown>([['taken', 2], ['b', 2]]) }),
      e.commit({ reads: new Map([['c', ABSENT]]), writes: new Map([['c', 3]]) }),
    ]);
    expect(results).toEqual([true, false, true]);
    expect([(await e.read('a')).value, (await e.read('taken')).value, (await e.read('b')).value, (await e.read('c')).value]).toEqual([1, 1, undefined, 3]);
    await e.close();
  });

  it('GIVEN invocation records filed by day and one of the previous version (inv:ID, inv-at:) WHEN read and purged THEN each is found, and only the days before the cutoff\'s day and older legacy ones go, in batches', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const rec = (id: string, at: string) => ({ id, at, reply: { text: id } });
    await uow.run(async (tx) => {
      for (const [id, at] of [['old', '2026-11-01T10:00:00.000Z'], ['eve', '2026-11-14T23:59:59.000Z'], ['cutday', '2026-11-15T01:00:00.000Z'], ['new', '2026-11-20T10:00:00.000Z']] as const) tx.invocations.put(rec(id, at));
      return { commit: true, result: undefined };
    });
    const legacyAt = '2026-11-02T00:00:00.000Z';
    expect(await uow.engine.commit({ reads: new Map(), writes: new Map<string, unknown>([['inv:legacy', rec('legacy', legacyAt)], [`inv-at:${legacyAt}:legacy`, 'legacy']]) })).toBe(true);
    const ids = ['legacy', 'old', 'eve', 'cutday', 'new'];
    const found = async () => uow.run(async (tx) => ({ commit: false, result: await Promise.all(ids.map(async (id) => (await tx.invocations.get(id))?.at)) }));
    expect(await found()).toEqual([legacyAt, '2026-11-01T10:00:00.000Z', '2026-11-14T23:59:59.000Z', '2026-11-15T01:00:00.000Z', '2026-11-20T10:00:00.000Z']);
    const cutoff = new Date('2026-11-15T12:00:00.000Z');
    const purge = () => uow.run(async (tx) => { const n = await tx.invocations.purgeBefore(cutoff, 2); return { commit: n > 0, result: n }; });
    expect([await purge(), await purge(), await purge()]).toEqual([2, 1, 0]);
    expect((await found()).map(Boolean)).toEqual([false, false, false, true, true]);
    expect((await uow.engine.range('inv', 'inw', { limit: 100 })).map((r) => r.key)).toEqual(['invd:2026-11-15:cutday', 'invd:2026-11-20:new']);
    await uow.close();
  });

  it('GIVEN two processes whose clocks straddle midnight WHEN the later-dated one records an invocation while the earlier-dated one runs it THEN the earlier one\'s commit fails and its re-run finds the record', async () => {
    const uow = new DocumentUnitOfWork(await open());
    const apply = (at: string, meanwhile?: () => Promise<unknown>) => {
      let attempt = 0;
      return uow.run(async (tx) => {
        const prior = await tx.invocations.claim('skewed', new Date(at));
        if (prior) return { commit: false, result: `duplicate of ${prior.at}` };
        if (attempt++ === 0) await meanwhile?.();
        tx.invocations.put({ id: 'skewed', at, reply: null });
        return { commit: true, result: 'applied' };
      });
    };
    expect(await apply('2026-11-15T23:59:59.900Z', () => apply('2026-11-16T00:00:00.100Z'))).toBe('duplicate of 2026-11-16T00:00:00.100Z');
    expect(await apply('2026-11-17T00:00:00.000Z')).toBe('duplicate of 2026-11-16T00:00:00.100Z');
    await uow.close();
  });
});

describe.each(engines)('empty key ranges on %s', (name, open) => {
  const it = itOn(name);
  it('GIVEN documents around a key WHEN a range [k, k) or [k, j) with j before k is scanned THEN nothing comes back, and a SQL engine sends no statement for it', async () => {
    const engine = await open();
    try {
      expect(await engine.commit({ reads: new Map(), writes: new Map([['h:1', 1], ['h:2', 2]]) })).toBe(true);
      const stats = (engine as { stats?: { statements: number } }).stats;
      const before = stats?.statements;
      expect(await engine.range('h:1', 'h:1', { limit: 10 })).toEqual([]);
      expect(await engine.range('h:2', 'h:1', { limit: 10, reverse: true })).toEqual([]);
      expect(stats?.statements).toBe(before);
      expect((await engine.range('h:1', 'h:3', { limit: 10 })).map((r) => r.key)).toEqual(['h:1', 'h:2']);
    } finally {
      await engine.close();
    }
  });
});
