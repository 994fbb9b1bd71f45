import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange, read, requestIds } from './support/contacts.js';

const FAR = new Date('2030-01-01T00:00:00Z');

describe('/contacts change — checks', () => {
  let h: Harness;
  beforeEach(async () => { h = await makeHarness(); });
  afterEach(async () => { await h.close(); });

  async function nothingWritten() {
    const state = await read(h, async (tx) => ({
      admin: await tx.contactRequests.openFor('pc-demo', 'admin'),
      billing: await tx.contactRequests.openFor('pc-demo', 'billing'),
      due: await tx.due.until(FAR, 10 + 100).then((d) => d.filter((e) => e.kind.startsWith('contact-request'))),
      mails: [...(await tx.mails.latest('alice-ovh', 10)), ...(await tx.mails.latest('carol-ovh', 10)), ...(await tx.mails.latest('dave-ovh', 10))],
      audit: await tx.audit.latest(10),
      service: await tx.services.get('pc-demo'),
    }));
    expect(state.admin).toBeUndefined();
    expect(state.billing).toBeUndefined();
    expect(state.due).toEqual([]);
    expect(state.mails).toEqual([]);
    expect(state.audit).toEqual([]);
    expect(state.service?.contacts).toEqual({ admin: 'alice-ovh', billing: 'alice-ovh', tech: 'alice-ovh' });
    expect(h.notifier.directs).toEqual([]);
  }

  it('GIVEN a FR admin contact WHEN carol-ovh (GB) is asked as billing contact THEN it is refused for the subsidiary and nothing is written', async () => {
    const r = await h.run('@alice /contacts change pc-demo billing=carol-ovh');
    expect(r.code).toBe('CONTACTS.SUBSIDIARY_MISMATCH');
    expect(await h.text('@alice /contacts change pc-demo billing=carol-ovh')).toMatch(/same subsidiary.*alice-ovh \(FR\).*carol-ovh \(GB\)/);
    await nothingWritten();
  });

  it('GIVEN a FR billing contact WHEN only the admin contact would move to carol-ovh (GB) THEN the rule is checked against the billing contact that stays', async () => {
    expect((await h.run('@alice /contacts change pc-demo admin=carol-ovh')).code).toBe('CONTACTS.SUBSIDIARY_MISMATCH');
    await nothingWritten();
  });

  it('GIVEN alice’s project WHEN bob, not one of its contacts, asks to change its contacts THEN it is "not found or not yours"', async () => {
    const r = await h.run('@bob /contacts change pc-demo billing=dave-ovh');
    expect(r.code).toBe('SERVICE.NOT_FOUND');
    expect(await h.text('@bob /contacts change pc-demo billing=dave-ovh')).toContain('not yours');
    await nothingWritten();
  });

  it('GIVEN dave, technical contact of vps-demo-1 WHEN he asks to change its contacts THEN only the admin contact may ask, whatever account he names', async () => {
    await h.uow.run(async (tx) => {
      const s = (await tx.services.get('vps-demo-1'))!;
      await tx.services.put({ ...s, contacts: { ...s.contacts, tech: 'dave-ovh' } });
      return { commit: true, result: undefined };
    });
    for (const target of ['bob-ovh', 'carol-ovh', 'ghost-ovh']) {
      const r = await h.run(`@dave /contacts change vps-demo-1 billing=${target}`);
      expect(r.code).toBe('CONTACTS.NOT_ADMIN');
    }
  });

  it('GIVEN an unknown customer ID WHEN asked as contact THEN it is refused, naming what to check', async () => {
    const r = await h.run('@alice /contacts change pc-demo billing=nobody-ovh');
    expect(r.code).toBe('CONTACTS.UNKNOWN_ACCOUNT');
    expect(await h.text('@alice /contacts change pc-demo admin=nobody-ovh')).toContain('nobody-ovh');
    await nothingWritten();
  });

  it('GIVEN alice is the billing contact WHEN asked to make alice-ovh billing contact again THEN it is refused as the same contact', async () => {
    expect((await h.run('@alice /contacts change pc-demo billing=ALICE-OVH')).code).toBe('CONTACTS.SAME_CONTACT');
    await nothingWritten();
  });

  it('GIVEN a pending billing request WHEN a second one is asked THEN it is refused with the ID of the first', async () => {
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const second = await h.run('@alice /contacts change pc-demo billing=bob-ovh');
    expect(second.code).toBe('CONTACTS.ALREADY_PENDING');
    expect(await h.text('@alice /contacts change pc-demo billing=bob-ovh')).toContain(id);
    const admin = await h.run('@alice /contacts change pc-demo admin=bob-ovh');
    expect(admin.code).toBeUndefined();
  });

  it('GIVEN no contact named or a malformed ID WHEN asking THEN a short error says what to type', async () => {
    const none = await h.run('@alice /contacts change pc-demo');
    expect(none.code).toBe('CONTACTS.NOTHING_TO_CHANGE');
    expect(await h.text('@alice /contacts change pc-demo')).toContain('billing=dave-ovh');
    expect((await h.run('@alice /contacts change pc-demo billing="not an id"')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /contacts change pc-demo owner=dave-ovh')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /contacts change no-such-project billing=dave-ovh')).code).toBe('SERVICE.NOT_FOUND');
    await nothingWritten();
  });

  it('GIVEN an unlinked chat user WHEN asking THEN it is refused as not linked', async () => {
    expect((await h.run('@mallory /contacts change pc-demo billing=dave-ovh')).code).toBe('ACCESS.NOT_LINKED');
    await nothingWritten();
  });

  it('GIVEN a bad or foreign request WHEN accepting THEN it is refused without counting an attempt', async () => {
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    expect((await h.run('@alice /contacts accept CR-2345 ABCDEFGHJK')).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run(`@alice /contacts accept ${id}`)).code).toBe('COMMAND.BAD_ARGUMENTS');
    expect((await h.run('@alice /contacts accept CR-ZZZZZZ ABCDEFGHJK')).code).toBe('CONTACTS.UNKNOWN_REQUEST');
    expect((await h.run(`@bob /contacts accept ${id} ABCDEFGHJK`)).code).toBe('CONTACTS.UNKNOWN_REQUEST');
    expect((await h.run(`@bob /contacts refuse ${id.toLowerCase()} ABCDEFGHJK`)).code).toBe('CONTACTS.UNKNOWN_REQUEST');
    const request = await read(h, (tx) => tx.contactRequests.get(id));
    expect(request?.failedAttempts).toBe(0);
    expect(request?.state).toBe('pending');
  });

  it('GIVEN an account without linked chat user WHEN it is the new contact THEN the requester is told an operator must link it', async () => {
    expect(await h.text('@root /guichet admin unlink console:dave')).toContain('Unlinked');
    const text = await h.text('@alice /contacts change pc-demo billing=dave-ovh');
    expect(requestIds(text)).toHaveLength(1);
    expect(text).toContain('dave-ovh has no linked chat user: an operator must link one');
    expect(text).toContain('alice-ovh: token sent privately to 1 linked chat user(s)');
    expect(h.notifier.directs.map((d) => d.to)).toEqual(['console:local/alice']);
  });
});
