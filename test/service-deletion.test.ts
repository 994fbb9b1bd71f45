import { afterEach, describe, expect, it } from 'vitest';
import { askChange, read, requestIds } from './support/contacts.js';
import { makeHarness, type Harness } from './support/harness.js';
import { getService, lastDeleteToken } from './support/renewal.js';

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;

async function request(id: string) {
  return read(h, (tx) => tx.contactRequests.get(id));
}

describe('deleting a service ends its open contact-change requests', () => {
  it('GIVEN a pending billing change on vps-demo-1 WHEN alice deletes it now THEN the request is cancelled, both sides are told, and dave can no longer accept it', async () => {
    h = await makeHarness();
    const { id, tokens } = await askChange(h, '@alice /contacts change vps-demo-1 billing=dave-ovh');
    await h.run(`@alice /contacts accept ${id} ${tokens.alice}`);
    await h.run('@alice /renew delete-now vps-demo-1');
    expect((await h.run(`@alice /renew delete-now vps-demo-1 ${lastDeleteToken(h, 'alice', 'vps-demo-1')}`)).tone).toBe('success');
    expect(await request(id)).toMatchObject({ state: 'cancelled', endReason: 'service-deleted' });
    expect(await h.text('@alice /account emails 5')).toContain(`Contact change ${id} (the billing contact of vps-demo-1: alice-ovh → dave-ovh) was cancelled: vps-demo-1 was deleted`);
    expect(await h.text('@dave /account emails 5')).toContain(`La demande de changement de contact ${id} (le contact facturation de vps-demo-1 : alice-ovh → dave-ovh) a été annulée : vps-demo-1 a été supprimé`);
    expect(h.notifier.directs.some((d) => d.to === 'console:local/alice' && d.text.includes(`Contact change ${id}: cancelled`))).toBe(true);
    expect(h.notifier.directs.some((d) => d.to === 'console:local/dave' && d.text.includes(`Changement de contact ${id} : annulée`))).toBe(true);
    const accept = await h.run(`@dave /contacts accept ${id} ${tokens.dave}`);
    expect(accept.code).toBe('CONTACTS.SETTLED');
    expect(await h.text(`@dave /contacts accept ${id} ${tokens.dave}`)).toContain('est annulée ; on ne peut plus y répondre');
    expect(await request(id)).toMatchObject({ state: 'cancelled' });
    expect((await getService(h, 'vps-demo-1'))!.contacts.billing).toBe('alice-ovh');
    expect(await h.text('@alice /contacts requests')).toContain('cancelled');
  });

  it('GIVEN a pending change on hosting-demo, set to terminate WHEN it is deleted at expiry by the jobs THEN the request is cancelled, not refused', async () => {
    h = await makeHarness();
    const ids = requestIds((await askChange(h, '@alice /contacts change hosting-demo admin=dave-ovh billing=dave-ovh')).text);
    expect(ids).toHaveLength(2);
    h.clock.advance(5 * DAY);
    expect(await h.text('@root /guichet admin run-jobs')).toMatch(/hosting-demo: terminated at expiry/);
    expect((await getService(h, 'hosting-demo'))!.state).toBe('deleted');
    for (const id of ids) expect(await request(id), id).toMatchObject({ state: 'cancelled', endReason: 'service-deleted' });
    expect(await h.text('@alice /account emails 10')).toContain('was cancelled: hosting-demo was deleted');
    expect(await h.text('@dave /account emails 10')).toContain('a été annulée : hosting-demo a été supprimé');
  });

  it('GIVEN a request left open on a service deleted before this rule existed WHEN a side accepts THEN it is cancelled, never "refused"', async () => {
    h = await makeHarness();
    const { id, tokens } = await askChange(h, '@alice /contacts change vps-demo-1 billing=dave-ovh');
    await h.uow.run(async (tx) => {
      const s = (await tx.services.get('vps-demo-1'))!;
      await tx.services.put({ ...s, state: 'deleted', deletedAt: h.clock.now().toISOString() });
      return { commit: true, result: undefined };
    });
    const accept = await h.run(`@dave /contacts accept ${id} ${tokens.dave}`);
    expect(accept.code).toBe('CONTACTS.CANCELLED');
    expect(await request(id)).toMatchObject({ state: 'cancelled', endReason: 'service-deleted' });
  });
});

describe('deletion notices reach the subscribed channels as well as the service mails', () => {
  it('GIVEN alice subscribed a channel to renewal reminders and another to terminations WHEN her services are deleted (not renewed, terminated, deleted now) THEN each notice is posted once to the channel of its kind, and kept once in her mails', async () => {
    h = await makeHarness();
    const post = (channel: string, line: string) => h.core.handle({ id: line + channel, user: { platform: 'console', workspace: 'local', user: 'alice' }, channel, command: 'reminders', input: { kind: 'text', text: line } });
    await post('console:local/renewals', 'subscribe renewal');
    await post('console:local/ends', 'subscribe termination');
    await h.run('@alice /renew delete-now example-demo.fr');
    await h.run(`@alice /renew delete-now example-demo.fr ${lastDeleteToken(h, 'alice', 'example-demo.fr')}`);
    expect(h.notifier.posts.filter((p) => p.text.includes('example-demo.fr deleted'))).toEqual([]);
    const run = await h.text('@root /guichet admin run-jobs');
    expect(run).toContain('Reminder deleted example-demo.fr → console:local/ends');
    for (let d = 0; d < 11; d++) {
      h.clock.advance(DAY);
      await h.jobs.runNow(h.clock.now());
    }
    const notices = h.notifier.posts.filter((p) => / (deleted|terminated)$/.test(p.text.split('\n')[0]!)).map((p) => `${p.channel} ${p.text.split('\n')[0]}`);
    expect(notices.sort()).toEqual(['console:local/ends example-demo.fr deleted', 'console:local/ends hosting-demo terminated', 'console:local/renewals vps-demo-1 deleted']);
    const mails = await h.text('@alice /account emails 50');
    for (const subject of ['example-demo.fr deleted', 'hosting-demo terminated', 'vps-demo-1 deleted']) {
      expect(mails.split(subject).length - 1, subject).toBe(1);
    }
  });
});
