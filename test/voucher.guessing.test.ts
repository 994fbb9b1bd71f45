import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText } from '../src/core/reply.js';
import type { AuditEntry } from '../src/domain/records.js';
import { makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const audit = (): Promise<AuditEntry[]> => h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(200) }));

/** Gives dave a Public Cloud project of his own. */
async function daveProject(): Promise<void> {
  await h.uow.run(async (tx) => {
    const pc = (await tx.services.get('pc-demo'))!;
    await tx.services.put({ ...pc, id: 'pc-dave', owner: 'dave-ovh', contacts: { admin: 'dave-ovh', billing: 'dave-ovh', tech: 'dave-ovh' } });
    return { commit: true, result: undefined };
  });
}

async function tryCode(user: string, code: string) {
  const r = await h.run(`@${user} /voucher activate ${code} pc-${user === 'dave' ? 'dave' : 'demo'}`);
  return { code: r.code, text: replyToPlainText(r).split(code).join('CODE') };
}

describe('voucher codes cannot be told apart by guessing', () => {
  it('GIVEN an unknown, an expired and a code used by alice WHEN dave tries them THEN he gets one answer for all three', async () => {
    h = await makeHarness();
    await daveProject();
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const answers = [await tryCode('dave', 'NOPE-123'), await tryCode('dave', 'EXPIRED-10'), await tryCode('dave', 'WELCOME-50')];
    expect(answers[0]!.code).toBe('VOUCHER.NOT_AVAILABLE');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]!.text).not.toMatch(/pc-demo|alice/);
  });

  it('GIVEN alice activated WELCOME-50 on her project WHEN she tries it again THEN she is told where and when, since the activation is hers', async () => {
    h = await makeHarness();
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const again = await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    expect(again.code).toBe('VOUCHER.ALREADY_USED');
    expect(replyToPlainText(again)).toContain('on pc-demo');
  });

  it('GIVEN dave WHEN he types ten wrong codes THEN each is audited as refused, and the eleventh try is held back even with a good code', async () => {
    h = await makeHarness();
    await daveProject();
    for (let i = 0; i < 10; i++) expect((await tryCode('dave', `GUESS-${i}`)).code).toBe('VOUCHER.NOT_AVAILABLE');
    const refused = (await audit()).filter((e) => e.action === 'voucher.refused');
    expect(refused).toHaveLength(10);
    expect(refused.every((e) => e.result === 'refused' && e.actor === 'console:local/dave')).toBe(true);
    const held = await h.run('@dave /voucher activate WELCOME-50 pc-dave');
    expect(held.code).toBe('VOUCHER.TOO_MANY_TRIES');
    expect((await h.uow.run(async (tx) => ({ commit: false, result: await tx.vouchers.get('WELCOME-50') })))?.activatedOn).toBeNull();
    expect((await h.run('@alice /voucher activate WELCOME-50 pc-demo')).tone).toBe('success');
  });
});
