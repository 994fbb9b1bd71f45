import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange, read } from './support/contacts.js';

describe('contact change under concurrency (SQLite store)', () => {
  let h: Harness;
  beforeEach(async () => { h = await makeHarness({ engine: 'sqlite' }); });
  afterEach(async () => { await h.close(); });

  it('GIVEN a request WHEN both sides accept at the same moment THEN the change is applied exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const target = round % 2 === 0 ? 'dave-ovh' : 'alice-ovh';
      const { id, tokens } = await askChange(h, `@alice /contacts change pc-demo billing=${target}`);
      const users = Object.keys(tokens);
      expect(users).toHaveLength(2);
      h.notifier.directs.length = 0;
      const replies = await Promise.all(users.map((u) => h.run(`@${u} /contacts accept ${id} ${tokens[u]}`)));
      expect(replies.map((r) => r.tone)).toEqual(['success', 'success']);
      const state = await read(h, async (tx) => ({
        request: await tx.contactRequests.get(id),
        service: await tx.services.get('pc-demo'),
        audit: await tx.audit.latest(200),
      }));
      expect(state.request?.state).toBe('applied');
      expect(state.request?.accepted.current).not.toBeNull();
      expect(state.request?.accepted.new).not.toBeNull();
      expect(state.service?.contacts.billing).toBe(target);
      expect(state.audit.filter((e) => e.action === 'contacts.applied' && e.target === id)).toHaveLength(1);
      expect(h.notifier.directs.filter((d) => /applied|appliqué/.test(d.text))).toHaveLength(2);
    }
  });

  it('GIVEN no pending request WHEN two changes of the same contact are asked at the same moment THEN one is created and the other refused with its ID', async () => {
    const [a, b] = await Promise.all([
      h.text('@alice /contacts change pc-demo billing=dave-ovh'),
      h.text('@alice /contacts change pc-demo billing=bob-ovh'),
    ]);
    const created = [a, b].filter((t) => t.includes('Contact change requested'));
    const refused = [a, b].filter((t) => t.includes('is still pending'));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const open = await read(h, (tx) => tx.contactRequests.openFor('pc-demo', 'billing'));
    expect(refused[0]).toContain(open!.id);
    expect(created[0]).toContain(open!.id);
    const listed = await read(h, (tx) => tx.contactRequests.listForAccount('alice-ovh'));
    expect(listed.items).toHaveLength(1);
  });

  it('GIVEN a request WHEN wrong tokens are typed concurrently THEN every attempt is counted', async () => {
    const { id } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const replies = await Promise.all([1, 2, 3].map((i) => h.run(`@dave /contacts accept ${id} BADTOKEN${i}X`)));
    expect(replies.every((r) => r.code === 'CONTACTS.BAD_TOKEN')).toBe(true);
    expect((await read(h, (tx) => tx.contactRequests.get(id)))?.failedAttempts).toBe(3);
  });
});
