import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireContactRequest } from '../src/flows/contact-settlement.js';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange, read, tokensFor } from './support/contacts.js';

const DAY = 86_400_000;
const FAR = new Date('2030-01-01T00:00:00Z');

describe('/contacts accept and refuse', () => {
  let h: Harness;
  beforeEach(async () => { h = await makeHarness(); });
  afterEach(async () => { await h.close(); });

  const billingOf = async () => (await read(h, (tx) => tx.services.get('pc-demo')))?.contacts.billing;
  const request = (id: string) => read(h, (tx) => tx.contactRequests.get(id));
  const due = () => read(h, (tx) => tx.due.until(FAR, 50 + 100).then((d) => d.filter((e) => e.kind.startsWith('contact-request'))));

  it('GIVEN a request WHEN both sides accept with their own tokens THEN the contact moves, both are told and the audit has it', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect(Object.keys(tokens).sort()).toEqual(['alice', 'dave']);
    expect(tokens.alice).not.toBe(tokens.dave);
    expect((await due()).map((e) => e.kind).sort()).toEqual(['contact-request-waiting']);
    const first = await h.text(`@alice /contacts accept ${id} ${tokens.alice}`);
    expect(first).toContain('Waiting for dave-ovh');
    expect(await billingOf()).toBe('alice-ovh');
    expect(await h.text('@alice /contacts requests')).toMatch(new RegExp(`${id}.*alice-ovh → dave-ovh\\s+alice-ovh\\s+pending`));
    h.notifier.directs.length = 0;
    const second = await h.run(`@dave /contacts accept ${id} ${tokens.dave!.toLowerCase()}`);
    expect(second.tone).toBe('success');
    expect(await billingOf()).toBe('dave-ovh');
    expect((await request(id))?.state).toBe('applied');
    expect(await due()).toEqual([]);
    expect(h.notifier.directs.map((d) => d.to).sort()).toEqual(['console:local/alice', 'console:local/dave']);
    expect(h.notifier.directs.every((d) => /applied|appliqué/.test(d.text))).toBe(true);
    const audit = await read(h, (tx) => tx.audit.latest(20));
    expect(audit.filter((e) => e.action === 'contacts.applied')).toMatchObject([{ target: id, details: { from: 'alice-ovh', to: 'dave-ovh', role: 'billing' } }]);
    expect(await h.text('@dave /contacts show pc-demo')).toMatch(/Contact facturation : dave-ovh \(FR\)/);
    expect((await h.run('@dave /contacts show vps-demo-1')).code).toBe('SERVICE.NOT_FOUND');
  });

  it('GIVEN an applied request WHEN a side accepts again THEN it is harmless: nothing changes and nobody is told again', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    const again = await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    expect(again.code).toBe('CONTACTS.ALREADY_ACCEPTED');
    expect((await request(id))?.accepted.current).not.toBeNull();
    await h.run(`@dave /contacts accept ${id} ${tokens.dave}`);
    const before = await read(h, (tx) => tx.audit.latest(50));
    const sent = h.notifier.directs.length;
    const late = await h.run(`@dave /contacts accept ${id} ${tokens.dave}`);
    expect(late.code).toBe('CONTACTS.ALREADY_APPLIED');
    expect(late.tone).not.toBe('error');
    expect(await read(h, (tx) => tx.audit.latest(50))).toEqual(before);
    expect(h.notifier.directs.length).toBe(sent);
    expect(await billingOf()).toBe('dave-ovh');
    expect((await h.run(`@dave /contacts refuse ${id} ${tokens.dave}`)).code).toBe('CONTACTS.SETTLED');
  });

  it('GIVEN a request WHEN five wrong tokens are typed THEN it is locked and even the right token no longer works', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    for (let i = 1; i <= 4; i++) {
      const r = await h.run(`@dave /contacts accept ${id} WRONG${i}TOKEN`);
      expect(r.code).toBe('CONTACTS.BAD_TOKEN');
      expect((await request(id))?.failedAttempts).toBe(i);
    }
    // alice's token is not dave's: it counts as wrong on dave's side.
    const fifth = await h.run(`@dave /contacts accept ${id} ${tokens.alice}`);
    expect(fifth.code).toBe('CONTACTS.LOCKED');
    const locked = await request(id);
    expect(locked).toMatchObject({ state: 'locked', failedAttempts: 5, endReason: 'locked' });
    expect(await due()).toEqual([]);
    expect((await h.run(`@dave /contacts accept ${id} ${tokens.dave}`)).code).toBe('CONTACTS.SETTLED');
    expect((await h.run(`@alice /contacts accept ${id} ${tokens.alice}`)).code).toBe('CONTACTS.SETTLED');
    expect(await billingOf()).toBe('alice-ovh');
    const next = await h.run('@alice /contacts change pc-demo billing=dave-ovh');
    expect(next.tone).toBe('success');
  });

  it('GIVEN a request WHEN its TTL has passed THEN it cannot be accepted and ends expired', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    h.clock.advance(7 * DAY - 1000);
    expect(await h.text('@alice /contacts requests')).toContain('pending');
    h.clock.advance(1000);
    expect(await h.text('@alice /contacts requests')).toContain('expired');
    const r = await h.run(`@dave /contacts accept ${id} ${tokens.dave}`);
    expect(r.code).toBe('CONTACTS.EXPIRED');
    expect((await request(id))?.state).toBe('expired');
    expect(await billingOf()).toBe('alice-ovh');
    expect(await due()).toEqual([]);
    expect((await h.run(`@dave /contacts accept ${id} ${tokens.dave}`)).code).toBe('CONTACTS.SETTLED');
  });

  it('GIVEN a TTL of 2 days configured WHEN 2 days pass THEN expireContactRequest ends it and tells both accounts', async () => {
    const short = await makeHarness({ config: { contactRequestTtlDays: 2 } });
    try {
      const { id } = await askChange(short, '@alice /contacts change pc-demo billing=dave-ovh');
      const notYet = await short.uow.run(async (tx) => {
        const r = (await tx.contactRequests.get(id))!;
        return { commit: true, result: await expireContactRequest(tx, r, short.clock.now()) };
      });
      expect(notYet).toEqual([]);
      short.clock.advance(2 * DAY);
      const told: string[] = [];
      const ended = await short.uow.run(async (tx) => {
        const r = (await tx.contactRequests.get(id))!;
        return { commit: true, result: await expireContactRequest(tx, r, short.clock.now(), { notify: async (a) => { told.push(a); } }) };
      });
      expect(ended.map((r) => r.state)).toEqual(['expired']);
      expect(told.sort()).toEqual(['alice-ovh', 'dave-ovh']);
      expect(await read(short, (tx) => tx.due.until(FAR, 10 + 100).then((d) => d.filter((e) => e.kind.startsWith('contact-request'))))).toEqual([]);
      expect(await read(short, (tx) => tx.contactRequests.openFor('pc-demo', 'billing'))).toBeUndefined();
    } finally {
      await short.close();
    }
  });

  it('GIVEN a request WHEN the new contact refuses THEN it ends refused, both are told and nothing changes', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    h.notifier.directs.length = 0;
    const r = await h.run(`@dave /contacts refuse ${id} ${tokens.dave}`);
    expect(r.tone).toBe('success');
    expect(await request(id)).toMatchObject({ state: 'refused', endReason: 'refused-by-new' });
    expect(h.notifier.directs.map((d) => d.to).sort()).toEqual(['console:local/alice', 'console:local/dave']);
    expect(h.notifier.directs.find((d) => d.to.endsWith('alice'))?.text).toContain('refused by dave-ovh');
    expect(await billingOf()).toBe('alice-ovh');
    expect(await due()).toEqual([]);
    expect((await h.run(`@alice /contacts accept ${id} ${tokens.alice}`)).code).toBe('CONTACTS.SETTLED');
    expect((await h.run('@alice /contacts change pc-demo billing=dave-ovh')).tone).toBe('success');
  });

  it('GIVEN a wrong token on refuse WHEN typed THEN the request is not refused and the attempt counts', async () => {
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect((await h.run(`@dave /contacts refuse ${id} NOTMYTOKEN`)).code).toBe('CONTACTS.BAD_TOKEN');
    expect(await request(id)).toMatchObject({ state: 'pending', failedAttempts: 1 });
  });

  it('GIVEN both contacts moved to GB accounts WHEN asked together THEN the two requests are paired and applied together', async () => {
    await h.text('@root /guichet admin link console:erin carol-ovh');
    const text = await h.text('@alice /contacts change pc-demo admin=carol-ovh billing=carol-ovh');
    const ids = [...new Set(text.match(/CR-[A-Z0-9]{6}/g))];
    expect(ids).toHaveLength(2);
    const [adminId, billingId] = ids as [string, string];
    const ta = tokensFor(h, adminId);
    const tb = tokensFor(h, billingId);
    await h.run(`@alice /contacts accept ${adminId} ${ta.alice}`);
    expect((await h.run(`@carol /contacts accept ${adminId} ${ta.carol}`)).tone).toBe('success');
    expect((await request(adminId))?.state).toBe('accepted');
    expect((await read(h, (tx) => tx.services.get('pc-demo')))?.contacts.admin).toBe('alice-ovh');
    await h.run(`@alice /contacts accept ${billingId} ${tb.alice}`);
    await h.run(`@erin /contacts accept ${billingId} ${tb.erin}`);
    const svc = await read(h, (tx) => tx.services.get('pc-demo'));
    expect(svc?.contacts).toMatchObject({ admin: 'carol-ovh', billing: 'carol-ovh' });
    expect((await request(adminId))?.state).toBe('applied');
    expect((await request(billingId))?.state).toBe('applied');
  });

  it('GIVEN paired requests WHEN one is refused THEN the other ends too, since alone it would break the subsidiary rule', async () => {
    const text = await h.text('@alice /contacts change pc-demo admin=carol-ovh billing=carol-ovh');
    const [adminId, billingId] = [...new Set(text.match(/CR-[A-Z0-9]{6}/g))] as [string, string];
    const tb = tokensFor(h, billingId);
    await h.run(`@carol /contacts refuse ${billingId} ${tb.carol}`);
    expect(await request(billingId)).toMatchObject({ state: 'refused', endReason: 'refused-by-new' });
    expect(await request(adminId)).toMatchObject({ state: 'refused', endReason: 'partner-ended' });
    expect(await due()).toEqual([]);
  });

  it('GIVEN paired requests WHEN their TTL passes and one is answered THEN both end expired', async () => {
    const text = await h.text('@alice /contacts change pc-demo admin=carol-ovh billing=carol-ovh');
    const [adminId, billingId] = [...new Set(text.match(/CR-[A-Z0-9]{6}/g))] as [string, string];
    const ta = tokensFor(h, adminId);
    h.clock.advance(7 * DAY);
    expect((await h.run(`@carol /contacts accept ${adminId} ${ta.carol}`)).code).toBe('CONTACTS.EXPIRED');
    expect(await request(adminId)).toMatchObject({ state: 'expired', endReason: 'expired' });
    expect(await request(billingId)).toMatchObject({ state: 'expired', endReason: 'expired' });
    expect(await due()).toEqual([]);
  });
});
