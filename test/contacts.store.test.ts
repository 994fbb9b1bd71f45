import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportStore, importStore } from '../adapters/store/backup.js';
import { waitingReminders } from '../src/domain/contact-texts.js';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange, read } from './support/contacts.js';

const FAR = new Date('2030-01-01T00:00:00Z');

describe('contact-change requests in the store', () => {
  let h: Harness;
  beforeEach(async () => { h = await makeHarness(); });
  afterEach(async () => { await h.close(); });

  it('GIVEN a pending request WHEN the store is exported and imported elsewhere THEN it keeps its indexes and due dates and can still be accepted', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const file = await exportStore(h.engine, h.clock.now());
    expect(file.collections['contact-requests']).toHaveLength(1);
    const other = await makeHarness({ engine: 'sqlite', demo: false });
    try {
      const counts = await importStore(other.uow, JSON.parse(JSON.stringify(file)), { now: h.clock.now() });
      expect(counts['contact-requests']).toBe(1);
      const restored = await read(other, async (tx) => ({
        open: await tx.contactRequests.openFor('pc-demo', 'billing'),
        forDave: await tx.contactRequests.listForAccount('dave-ovh'),
        due: await tx.due.until(FAR, 10 + 100).then((d) => d.filter((e) => e.kind.startsWith('contact-request'))),
      }));
      expect(restored.open?.id).toBe(id);
      expect(restored.forDave.items.map((r) => r.id)).toEqual([id]);
      expect(restored.due.map((e) => e.kind).sort()).toEqual(['contact-request-waiting']);
      expect((await other.run('@alice /contacts change pc-demo billing=bob-ovh')).code).toBe('CONTACTS.ALREADY_PENDING');
      expect((await other.run(`@alice /contacts accept ${id} ${tokens.alice}`)).tone).toBe('success');
      expect((await other.run(`@dave /contacts accept ${id} ${tokens.dave}`)).tone).toBe('success');
      expect((await read(other, (tx) => tx.services.get('pc-demo')))?.contacts.billing).toBe('dave-ovh');
    } finally {
      await other.close();
    }
  });

  it('GIVEN a wrong-token attempt WHEN the same invocation reaches the core twice THEN it is counted once', async () => {
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const first = await h.run(`@dave /contacts accept ${id} WRONGTOKEN`, { id: 'inv-1' });
    const again = await h.run(`@dave /contacts accept ${id} WRONGTOKEN`, { id: 'inv-1' });
    expect(first.code).toBe('CONTACTS.BAD_TOKEN');
    expect(again.code).toBe('CONTACTS.BAD_TOKEN');
    expect(JSON.stringify(again)).toMatch(/Déjà fait|Already done/);
    expect((await read(h, (tx) => tx.contactRequests.get(id)))?.failedAttempts).toBe(1);
  });

  it('GIVEN a request accepted by one side WHEN the waiting reminder is built THEN only the other side is reminded, without any token', async () => {
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    const request = (await read(h, (tx) => tx.contactRequests.get(id)))!;
    const reminders = waitingReminders(request, 'Europe/Paris');
    expect(reminders.map((r) => r.account)).toEqual(['dave-ovh']);
    expect('secret' in reminders[0]!.notice).toBe(false);
    expect(reminders[0]!.notice.body.fr).toContain(`/contacts accept ${id} CODE`);
    expect(JSON.stringify(reminders)).not.toContain(tokens.dave);
  });

  it('GIVEN the requests of several accounts WHEN one lists them THEN it reads only its own, newest first', async () => {
    const a = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    h.clock.advance(60_000);
    const b = await askChange(h, '@alice /contacts change vps-demo-1 admin=bob-ovh');
    const bob = await h.text('@bob /contacts requests');
    expect(bob).toContain(b.id);
    expect(bob).not.toContain(a.id);
    const alice = await h.text('@alice /contacts requests');
    expect(alice.indexOf(b.id)).toBeLessThan(alice.indexOf(a.id));
    expect(await h.text('@carol /contacts requests')).toContain('No contact-change request');
  });
});
