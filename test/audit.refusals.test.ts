import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/domain/records.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const audit = (): Promise<AuditEntry[]> => h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(100) }));

describe('the audit log records refusals of rights and secrets as refusals', () => {
  it('GIVEN a contact-change request WHEN dave types a wrong token THEN the audit entry says refused, not ok', async () => {
    h = await makeHarness();
    const id = /CR-[A-Z0-9]{6}/.exec(await h.text('@alice /contacts change pc-demo billing=dave-ovh'))![0];
    await h.run(`@dave /contacts accept ${id} WRONGTOKEN`);
    const entry = (await audit()).find((e) => e.action === 'contacts.bad-token');
    expect(entry).toMatchObject({ target: id, actor: 'console:local/dave', result: 'refused' });
  });

  it('GIVEN bob, not an operator WHEN he tries an operator command THEN the attempt is recorded as refused, and nothing else is written', async () => {
    h = await makeHarness();
    const r = await h.run('@bob /guichet admin link console:bob alice-ovh');
    expect(r.code).toBe('ACCESS.NOT_OPERATOR');
    const entries = await audit();
    expect(entries).toMatchObject([{ actor: 'console:local/bob', account: 'bob-ovh', action: 'guichet admin link', result: 'refused', details: { code: 'ACCESS.NOT_OPERATOR' } }]);
    expect(await h.uow.run(async (tx) => ({ commit: false, result: await tx.links.get('console:local/bob') }))).toMatchObject({ account: 'bob-ovh' });
    expect(await h.text('@root /guichet admin audit')).toMatch(/guichet admin link\s+refused/);
  });

  it('GIVEN vps-demo-1 with dave as technical contact WHEN he tries to change its renewal mode THEN the refusal of rights is recorded', async () => {
    h = await makeHarness();
    await h.uow.run(async (tx) => {
      const s = (await tx.services.get('vps-demo-1'))!;
      await tx.services.put({ ...s, contacts: { ...s.contacts, tech: 'dave-ovh' } });
      return { commit: true, result: undefined };
    });
    expect((await h.run('@dave /renew auto vps-demo-1')).code).toBe('ACCESS.NOT_A_CONTACT');
    expect(await audit()).toMatchObject([{ actor: 'console:local/dave', action: 'renew auto', result: 'refused', details: { code: 'ACCESS.NOT_A_CONTACT' } }]);
  });

  it('GIVEN a deletion waiting for confirmation WHEN a wrong token is typed THEN it is recorded as refused and counted like any wrong token', async () => {
    h = await makeHarness();
    await h.run('@alice /renew delete-now vps-demo-1');
    for (let i = 0; i < 10; i++) expect((await h.run(`@alice /renew delete-now vps-demo-1 WRONG${i}TOKEN`)).code).toBe('RENEW.BAD_TOKEN');
    expect((await audit()).filter((e) => e.action === 'renew.bad-token' && e.result === 'refused')).toHaveLength(10);
    expect((await h.run('@alice /renew delete-now vps-demo-1 WRONGXTOKEN')).code).toBe('RENEW.TOO_MANY_GUESSES');
    expect((await h.uow.run(async (tx) => ({ commit: false, result: await tx.services.get('vps-demo-1') })))?.state).toBe('active');
  });
});
