import { afterEach, describe, expect, it, vi } from 'vitest';
import { ABSENT } from '../adapters/store/engine.js';
import { askChange } from './support/contacts.js';
import { ReadLog } from './support/engines.js';
import { makeHarness, type Harness } from './support/harness.js';

/** IDs the next `shortId` calls return (then random ones again): a way to make two IDs collide on purpose. */
const scripted: string[] = [];
vi.mock('../src/domain/ids.js', async (original) => {
  const real = await original<typeof import('../src/domain/ids.js')>();
  return { ...real, shortId: (prefix: string, length?: number) => scripted.shift() ?? real.shortId(prefix, length) };
});

let h: Harness;
let log: ReadLog;
afterEach(async () => {
  scripted.length = 0;
  await h?.close();
});
const open = async () => {
  h = await makeHarness({ engine: 'sqlite', wrap: (e) => (log = new ReadLog(e)) });
};

describe('preconditions instead of reads', () => {
  it('GIVEN a fresh purchase WHEN it is handled THEN the store is asked neither for its invocation record nor whether the new order ID is free', async () => {
    await open();
    log.keys.length = 0;
    const reply = await h.text('/credit buy 10 pc-demo');
    const id = /ORD-[A-Z0-9]{8}/.exec(reply)?.[0];
    expect(id).toBeDefined();
    expect(log.keys.filter((k) => /^invd?:/.test(k) || k === `order:${id}`)).toEqual([]);
  });

  it('GIVEN an invocation already applied WHEN the same ID comes again THEN its first attempt fails the "no record yet" precondition and only the re-run reads the record, answering "Already done"', async () => {
    await open();
    await h.run('/credit buy 10 pc-demo', { id: 'T-once' });
    log.keys.length = 0;
    expect(await h.text('/credit buy 10 pc-demo')).not.toContain('Already done');
    const again = await h.run('/credit buy 10 pc-demo', { id: 'T-once' });
    expect(again.sections.map((s) => ('text' in s ? s.text : '')).join('\n')).toContain('Already done');
    // The re-run reads where the record may be: filed today, yesterday or tomorrow (UTC), or under the key of earlier versions.
    const day = (offset: number) => new Date(h.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(log.keys.filter((k) => /^invd?:/.test(k)).sort()).toEqual([`invd:${day(-1)}:T-once`, `invd:${day(0)}:T-once`, `invd:${day(1)}:T-once`, 'inv:T-once'].sort());
  });

  it('GIVEN an order ID already taken WHEN a purchase draws it THEN the commit fails its precondition and the purchase re-runs with a new ID, the first order untouched', async () => {
    await open();
    scripted.push('ORD-AAAAAAAA');
    expect(await h.text('/credit buy 10 pc-demo')).toContain('ORD-AAAAAAAA');
    scripted.push('ORD-AAAAAAAA', 'ORD-BBBBBBBB');
    log.keys.length = 0;
    const second = await h.text('/credit buy 20 pc-demo');
    expect(second).toContain('ORD-BBBBBBBB');
    expect(second).not.toContain('ORD-AAAAAAAA');
    expect(log.keys).not.toContain('order:ORD-BBBBBBBB');
    expect(await h.text('/orders show ORD-AAAAAAAA')).toMatch(/€10\.00/);
    expect(await h.text('/orders show ORD-BBBBBBBB')).toMatch(/€20\.00/);
  });

  it('GIVEN a contact-request ID already taken WHEN a new request draws it THEN the request is made under a new ID, the first one untouched', async () => {
    await open();
    scripted.push('CR-AAAAAA');
    expect(await h.text('/contacts change pc-demo billing=dave-ovh')).toContain('CR-AAAAAA');
    scripted.push('CR-AAAAAA', 'CR-BBBBBB');
    log.keys.length = 0;
    const second = await h.text('/contacts change vps-demo-1 billing=dave-ovh');
    expect(second).toContain('CR-BBBBBB');
    expect(log.keys).not.toContain('creq:CR-BBBBBB');
    // The token copies kept for the service mails are new with the request: required absent, never read.
    expect(log.keys.filter((k) => k.startsWith('kept:'))).toEqual([]);
    expect(await h.text('/contacts show pc-demo')).toMatch(/CR-AAAAAA: alice-ovh → dave-ovh/);
    expect(await h.text('/contacts show vps-demo-1')).toMatch(/CR-BBBBBB: alice-ovh → dave-ovh/);
  });
});

describe('the documents an order change writes', () => {
  it('GIVEN an order awaiting payment WHEN it is paid THEN its account index entry is not written again (its key and value never change) and /orders still lists it as delivered', async () => {
    await open();
    const id = /ORD-[A-Z0-9]{8}/.exec(await h.text('/credit buy 10 pc-demo'))![0];
    expect(log.written.filter((k) => k.startsWith('order-by-acct:') && k.endsWith(id))).toHaveLength(1);
    log.written.length = 0;
    expect(await h.text(`/orders pay ${id}`)).toMatch(/paid/i);
    expect(log.written).toContain(`order:${id}`);
    expect(log.written.filter((k) => k.startsWith('order-by-acct:'))).toEqual([]);
    expect(await h.text('/orders')).toMatch(new RegExp(`${id}.*delivered`));
  });
});

describe('the documents a contact-change answer writes', () => {
  it('GIVEN an open contact change WHEN each side accepts it THEN its account index entries are not written again and both accounts still list it', async () => {
    await open();
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(log.written.filter((k) => k.startsWith('creq-by-acct:') && k.endsWith(id))).toHaveLength(2);
    log.written.length = 0;
    expect((await h.run(`@alice /contacts accept ${id} ${tokens.alice}`)).tone).toBe('success');
    expect((await h.run(`@dave /contacts accept ${id} ${tokens.dave}`)).tone).toBe('success');
    expect(log.written).toContain(`creq:${id}`);
    expect(log.written.filter((k) => k.startsWith('creq-by-acct:'))).toEqual([]);
    const listed = await h.uow.run(async (tx) => ({ commit: false, result: [(await tx.contactRequests.listForAccount('alice-ovh')).items, (await tx.contactRequests.listForAccount('dave-ovh')).items] }));
    expect(listed.map((items) => items.map((r) => [r.id, r.state]))).toEqual([[[id, 'applied']], [[id, 'applied']]]);
  });
});

describe('the delivery of a paid order line', () => {
  it('GIVEN an order awaiting payment WHEN it is paid THEN the store is not asked whether its line was delivered (the commit requires it was not)', async () => {
    await open();
    const id = /ORD-[A-Z0-9]{8}/.exec(await h.text('/credit buy 10 pc-demo'))![0];
    log.keys.length = 0;
    expect(await h.text(`/orders pay ${id}`)).toMatch(/paid/i);
    expect(log.keys.filter((k) => k.startsWith('wallet-delivery:'))).toEqual([]);
  });

  it('GIVEN a line whose delivery record was written after the payment read the order WHEN the payment commits THEN it fails that precondition, the re-run reads the record and the credit is not delivered twice', async () => {
    await open();
    const id = /ORD-[A-Z0-9]{8}/.exec(await h.text('/credit buy 10 pc-demo'))![0];
    const before = await h.text('/credit list pc-demo');
    // Another process delivered the line (its order write still to come): the record exists, the order is unpaid.
    const record = { orderLine: `${id}/0`, projectId: 'pc-demo', entryId: 'elsewhere' };
    expect(await h.engine.commit({ reads: new Map([[`wallet-delivery:${id}/0`, ABSENT]]), writes: new Map([[`wallet-delivery:${id}/0`, record]]) })).toBe(true);
    log.keys.length = 0;
    await h.text(`/orders pay ${id}`);
    expect(log.keys).toContain(`wallet-delivery:${id}/0`);
    expect(await h.text('/credit list pc-demo')).toBe(before);
  });
});
