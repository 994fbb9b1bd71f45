import { afterEach, describe, expect, it } from 'vitest';
import { replyToPlainText, type Reply } from '../src/core/reply.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** The answer with the typed name masked, to compare answers about different names. */
async function answer(line: string, name: string): Promise<{ code: string | undefined; text: string }> {
  const r: Reply = await h.run(line);
  return { code: r.code, text: replyToPlainText(r).split(name).join('NAME') };
}

/** Asserts that every line gets the same answer as the first (names masked), and returns it. */
async function sameAnswer(cases: [line: string, name: string][]): Promise<{ code: string | undefined; text: string }> {
  const answers = [];
  for (const [line, name] of cases) answers.push(await answer(line, name));
  for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
  return answers[0]!;
}

describe('one answer, "not found or not yours", before any role check', () => {
  it('GIVEN bob’s ks-demo WHEN alice names it in renewal, credit or contact commands THEN she gets the answer she gets for a name that does not exist', async () => {
    h = await makeHarness();
    for (const command of ['/renew status', '/renew pay', '/renew auto', '/renew delete-now', '/credit list', '/credit buy 10', '/voucher activate WELCOME-50', '/contacts show']) {
      const a = await sameAnswer([[`@alice ${command} ks-demo`, 'ks-demo'], [`@alice ${command} no-such-svc`, 'no-such-svc']]);
      expect(a.code).toBe('SERVICE.NOT_FOUND');
      expect(a.text).not.toMatch(/dedicated-server|bob-ovh|Only the/);
      expect(a.text).toMatch(/not yours/);
    }
  });

  it('GIVEN alice’s deleted hosting-demo WHEN bob names it THEN he is not told it was deleted, nor when; alice is', async () => {
    h = await makeHarness();
    await h.uow.run(async (tx) => {
      const s = (await tx.services.get('hosting-demo'))!;
      await tx.services.put({ ...s, state: 'deleted', deletedAt: h.clock.now().toISOString() });
      return { commit: true, result: undefined };
    });
    const bob = await sameAnswer([['@bob /renew status hosting-demo', 'hosting-demo'], ['@bob /renew status no-such-svc', 'no-such-svc']]);
    expect(bob.text).not.toContain('deleted');
    expect(await h.text('@alice /renew status hosting-demo')).toContain('hosting-demo was deleted');
  });

  it('GIVEN alice’s vps-demo-1 WHEN bob names it in a credit command THEN he is not told it is a vps', async () => {
    h = await makeHarness();
    const a = await sameAnswer([['@bob /credit list vps-demo-1', 'vps-demo-1'], ['@bob /credit list no-such-svc', 'no-such-svc']]);
    expect(a.text).not.toContain('vps');
  });

  it('GIVEN bob’s ks-demo WHEN alice asks to change its billing contact THEN the answer is the same whether the target account exists, and in which subsidiary', async () => {
    h = await makeHarness();
    const a = await sameAnswer([
      ['@alice /contacts change ks-demo billing=dave-ovh', 'dave-ovh'],
      ['@alice /contacts change ks-demo billing=carol-ovh', 'carol-ovh'],
      ['@alice /contacts change ks-demo billing=ghost-ovh', 'ghost-ovh'],
    ]);
    expect((await answer('@alice /contacts change no-such-svc billing=ghost-ovh', 'no-such-svc')).text).toBe(a.text.split('ks-demo').join('NAME'));
    expect(a.code).toBe('SERVICE.NOT_FOUND');
    expect(a.text).not.toMatch(/subsidiary|no open customer account/);
  });

  it('GIVEN alice’s order and request WHEN bob names them THEN he gets the answers given for IDs that do not exist', async () => {
    h = await makeHarness();
    const order = /ORD-[A-Z0-9]+/.exec(await h.text('@alice /credit buy 10 pc-demo'))![0];
    await sameAnswer([[`@bob /orders show ${order}`, order], ['@bob /orders show ORD-ZZZZZZZZ', 'ORD-ZZZZZZZZ']]);
    await sameAnswer([[`@bob /orders pay ${order}`, order], ['@bob /orders pay ORD-ZZZZZZZZ', 'ORD-ZZZZZZZZ']]);
    const request = /CR-[A-Z0-9]{6}/.exec(await h.text('@alice /contacts change pc-demo billing=dave-ovh'))![0];
    await sameAnswer([[`@bob /contacts accept ${request} ABCDEFGHJK`, request], ['@bob /contacts accept CR-ZZZZZZ ABCDEFGHJK', 'CR-ZZZZZZ']]);
  });

  it('GIVEN a button offered to alice WHEN bob clicks it THEN he is told it is not his, without naming her account', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /renew delete-now vps-demo-1');
    const clicked = await h.core.click({ id: 'c1', user: consoleUser('bob'), actionId: r.actions![0]!.id });
    expect(clicked.code).toBe('ACTION.FOREIGN');
    expect(replyToPlainText(clicked)).not.toContain('alice');
    expect(replyToPlainText(clicked)).toMatch(/not yours|not for you/);
  });
});
