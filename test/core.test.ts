import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORE_CONFIG } from '../src/core/config.js';
import { defineCommand } from '../src/core/command.js';
import { Guichet } from '../src/core/guichet.js';
import { CommandRegistry } from '../src/core/registry.js';
import { replyToPlainText, reply, text } from '../src/core/reply.js';
import { buildRegistry } from '../src/commands/index.js';
import { StoreUnavailableError } from '../src/ports/store.js';
import type { StorageEngine } from '../adapters/store/engine.js';
import { askChange } from './support/contacts.js';
import { consoleUser, makeHarness, type Harness } from './support/harness.js';

let h: Harness;
afterEach(async () => h?.close());

const plain = async (line: string) => replyToPlainText(await h.run(line));
const auditCount = () => h.uow.run(async (tx) => ({ commit: false, result: (await tx.audit.latest(100)).length }));

describe('identity and permissions', () => {
  it('GIVEN an unlinked chat user WHEN they run /account THEN they are told how to get linked and nothing changes', async () => {
    h = await makeHarness();
    const r = await h.run('@mallory /account');
    expect(r.code).toBe('ACCESS.NOT_LINKED');
    expect(replyToPlainText(r)).toContain('/guichet admin link console:local/mallory');
    expect(await auditCount()).toBe(0);
  });

  it('GIVEN a linked user who is not an operator WHEN they link someone THEN it is refused and nothing is written but the refused attempt', async () => {
    h = await makeHarness();
    const r = await h.run('@alice /guichet admin link console:eve alice-ovh');
    expect(r.code).toBe('ACCESS.NOT_OPERATOR');
    expect((await h.run('@eve /account')).code).toBe('ACCESS.NOT_LINKED');
    expect(await auditCount()).toBe(1);
  });

  it('GIVEN an operator WHEN they link, list and unlink a chat user THEN each is applied and audited', async () => {
    h = await makeHarness();
    expect(await plain('@root /guichet admin link slack:T1/U9 bob-ovh')).toContain('Linked slack:T1/U9 to bob-ovh');
    expect(await plain('@root /guichet admin links bob-ovh')).toContain('slack:T1/U9');
    expect(await plain('@root /guichet admin link slack:T1/U9 dave-ovh')).toContain('(was bob-ovh)');
    expect(await plain('@root /guichet admin unlink slack:T1/U9')).toContain('Unlinked slack:T1/U9 from dave-ovh');
    const audit = await plain('@root /guichet admin audit 10');
    expect(audit).toContain('admin.unlink');
    expect(audit.match(/admin\.link /g)?.length).toBe(2);
  });

  it('GIVEN bad operator input WHEN typed THEN the reply says what to type instead', async () => {
    h = await makeHarness();
    expect(await plain('@root /guichet admin link eve alice-ovh')).toContain('console:NAME, slack:TEAM/USER or discord:GUILD/USER');
    expect(await plain('@root /guichet admin link console:eve nobody-ovh')).toContain('There is no account nobody-ovh');
    expect(await plain('@root /guichet admin audit 0')).toContain('Usage: /guichet admin audit [N]');
    expect(await plain('@root /guichet admin unlink console:ghost')).toContain('not linked');
  });
});

describe('dispatcher', () => {
  it('GIVEN the same invocation ID twice WHEN handled THEN state changes once and the second reply says so', async () => {
    h = await makeHarness();
    const first = await h.run('@root /guichet admin link console:eve alice-ovh', { id: 'inv-1' });
    const again = await h.run('@root /guichet admin link console:eve alice-ovh', { id: 'inv-1' });
    expect(replyToPlainText(first)).toContain('Linked');
    expect(replyToPlainText(again)).toMatch(/^Already done/);
    expect(await auditCount()).toBe(1);
  });

  it('GIVEN the same invocation delivered concurrently WHEN both run on SQLite THEN it is applied once', async () => {
    h = await makeHarness({ engine: 'sqlite' });
    const replies = await Promise.all([1, 2, 3].map(() => h.run('@root /guichet admin link console:eve alice-ovh', { id: 'inv-dup' })));
    expect(replies.filter((r) => replyToPlainText(r).startsWith('Already done'))).toHaveLength(2);
    expect(await auditCount()).toBe(1);
  });

  it('GIVEN a user re-typing a command within the repeat window WHEN it arrives with a new ID THEN it applies once, unless the command is rerunnable', async () => {
    h = await makeHarness();
    let t = 0;
    const core = new Guichet({ ...h.core.deps, ticker: () => t });
    const typed = (id: string, text: string) =>
      core.handle({ id, user: consoleUser('root'), command: 'guichet', input: { kind: 'text', text }, repeatKey: `console/root/general/guichet ${text}` });
    await typed('r1', 'admin link console:eve alice-ovh');
    await typed('r2', 'admin unlink console:eve');
    t += 60_000;
    expect(replyToPlainText(await typed('r3', 'admin unlink console:eve'))).toMatch(/^Already done/);
    t += 121_000;
    expect((await typed('r4', 'admin unlink console:eve')).code).toBe('LINK.NOT_FOUND');
    const jobs1 = await typed('j1', 'admin run-jobs');
    const jobs2 = await typed('j2', 'admin run-jobs');
    expect(replyToPlainText(jobs2)).not.toMatch(/^Already done/);
    expect(jobs1.tone).not.toBe('error');
  });

  it('GIVEN an unknown command or a typo WHEN typed THEN a usage and a did-you-mean come back', async () => {
    h = await makeHarness();
    expect(await plain('/acount')).toContain('Did you mean /account?');
    expect(await plain('/account audt')).toContain('Did you mean `/account audit`?');
    expect(await plain('/guichet help credi')).toMatch(/no \/credi command/);
  });

  it('GIVEN a platform locale, or a French account WHEN replying THEN the reply is in that language', async () => {
    h = await makeHarness();
    expect(replyToPlainText(await h.run('/account', { locale: 'fr' }))).toContain('Identifiant client');
    expect(await plain('@dave /account')).toContain('Identifiant client');
    expect(await plain('@alice /account')).toContain('Customer ID');
  });

  it('GIVEN --public WHEN a command replies THEN the reply is public, otherwise private', async () => {
    h = await makeHarness();
    expect((await h.run('/account --public')).visibility).toBe('public');
    expect((await h.run('/account')).visibility).toBe('private');
  });

  it('GIVEN a command typed with a token WHEN --public is asked THEN the reply stays private (platforms echo what was typed)', async () => {
    h = await makeHarness();
    const asked = await askChange(h, '/contacts change pc-demo billing=dave-ovh');
    const r = await h.run(`@dave /contacts accept ${asked.id} ${asked.tokens.dave} --public`);
    expect(r.tone).toBe('success');
    expect(r.visibility).toBe('private');
    const plainPublic = await h.run('/contacts show pc-demo --public');
    expect(plainPublic.visibility).toBe('public');
  });

  it('GIVEN a reply that can hold tokens WHEN --public is asked THEN it stays private and says why', async () => {
    h = await makeHarness();
    const r = await h.run('/account emails --public');
    expect(r.visibility).toBe('private');
    expect(replyToPlainText(r)).toContain('stays private');
  });

  it('GIVEN a store that fails WHEN a command runs THEN the user is told to try again later', async () => {
    let broken = false;
    const failing = (e: StorageEngine): StorageEngine => ({
      read: (k) => (broken ? Promise.reject(new StoreUnavailableError('SQLITE_READONLY')) : e.read(k)),
      readMany: (keys) => (broken ? Promise.reject(new StoreUnavailableError('SQLITE_READONLY')) : e.readMany(keys)),
      range: (...a) => e.range(...a),
      commit: (r) => e.commit(r),
      close: () => e.close(),
    });
    h = await makeHarness({ wrap: failing });
    broken = true;
    const r = await h.run('/account');
    expect(r.code).toBe('STORE.UNAVAILABLE');
  });

  it('GIVEN a bug in a command WHEN it throws THEN the user sees a reference that is logged exactly once', async () => {
    h = await makeHarness();
    const broken = defineCommand({ name: '', summary: { en: 'b', fr: 'b' }, args: z.object({}), access: 'anyone', run: async () => { throw new Error('kaboom'); } });
    const core = new Guichet({ ...h.core.deps, registry: new CommandRegistry([{ name: 'broken', summary: { en: 'b', fr: 'b' }, commands: [broken] }]) });
    const r = await core.handle({ id: 'x', user: consoleUser('alice'), command: 'broken', input: { kind: 'text', text: '' } });
    expect(r.code).toBe('INTERNAL');
    expect(r.ref).toMatch(/^ERR-/);
    expect(h.logs.lines.filter((l) => l.includes(r.ref!))).toHaveLength(1);
  });
});

describe('notices and buttons', () => {
  const noticeFamily = {
    name: 'ping',
    summary: { en: 'p', fr: 'p' },
    commands: [
      defineCommand({
        name: '',
        summary: { en: 'p', fr: 'p' },
        args: z.object({}),
        access: 'linked',
        run: async (ctx) => {
          const out = await ctx.notify('dave-ovh', { subject: { en: 'Code', fr: 'Code' }, body: { en: 'Your code: {secret}', fr: 'Votre code : {secret}' }, secret: 'SECRET42' });
          const button = ctx.offer({ label: { en: 'Audit', fr: 'Audit' }, command: 'account audit' });
          return reply([text(`sent to ${out.recipients}`)], { actions: [button] });
        },
      }),
    ],
  };

  it('GIVEN a notice with a secret WHEN sent THEN only the private copy and the mail log carry it', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, registry: new CommandRegistry([...buildRegistry().families, noticeFamily]) });
    const r = await core.handle({ id: 'n1', user: consoleUser('alice'), command: 'ping', input: { kind: 'text', text: '' } });
    expect(replyToPlainText(r)).toContain('sent to 1');
    expect(replyToPlainText(r)).not.toContain('SECRET42');
    expect(h.notifier.directs).toEqual([{ to: 'console:local/dave', text: 'Code\nVotre code : SECRET42' }]);
    expect(await plain('@dave /account emails')).toContain('SECRET42');
    expect(h.logs.lines.join('\n')).not.toContain('SECRET42');
  });

  it('GIVEN a DM that cannot be delivered WHEN notifying THEN the requester is told and the notice stays in the mail log', async () => {
    h = await makeHarness();
    h.notifier.failWhen = (to) => (to.endsWith('/dave') ? 'user does not accept DMs' : undefined);
    const core = new Guichet({ ...h.core.deps, registry: new CommandRegistry([...buildRegistry().families, noticeFamily]) });
    const r = await core.handle({ id: 'n2', user: consoleUser('alice'), command: 'ping', input: { kind: 'text', text: '' } });
    expect(replyToPlainText(r)).toContain("user does not accept DMs. The notice is kept in dave-ovh's service mails");
  });

  it('GIVEN a button WHEN clicked by its owner, a stranger, twice, or too late THEN each gets the right answer', async () => {
    h = await makeHarness();
    const core = new Guichet({ ...h.core.deps, registry: new CommandRegistry([...buildRegistry().families, noticeFamily]) });
    const r = await core.handle({ id: 'n3', user: consoleUser('alice'), command: 'ping', input: { kind: 'text', text: '' } });
    const actionId = r.actions![0]!.id;
    expect(actionId).toMatch(/^[A-Z0-9]{30}$/);
    const stranger = await core.click({ id: 'c1', user: consoleUser('bob'), actionId });
    expect(stranger.code).toBe('ACTION.FOREIGN');
    const owner = await core.click({ id: 'c2', user: consoleUser('alice'), actionId });
    expect(replyToPlainText(owner)).toContain('Audit of alice-ovh');
    expect((await core.click({ id: 'c3', user: consoleUser('alice'), actionId: 'NOPE' })).code).toBe('ACTION.UNKNOWN');
    h.clock.advance(31 * 60_000);
    expect((await core.click({ id: 'c4', user: consoleUser('alice'), actionId })).code).toBe('ACTION.EXPIRED');
  });
});

describe('account', () => {
  it('GIVEN the demo accounts WHEN audited THEN alice gets the missing backup e-mail and 2FA, bob the missing payment method', async () => {
    h = await makeHarness();
    const alice = await plain('/account audit');
    expect(alice).toContain('⚠️ No backup e-mail address');
    expect(alice).toContain('⚠️ Two-factor authentication not enabled');
    expect(alice).toContain('⚠️ vps-demo-1 (manual renewal) expires in 10 day(s)');
    const bob = await plain('@bob /account audit');
    expect(bob).toContain('⚠️ No payment method: the automatic renewal of 1 service(s) will fail');
    expect(bob).toContain('✅ Two-factor authentication enabled');
  });

  it('GIVEN active services WHEN closing THEN the blockers are listed; with none THEN closure is possible', async () => {
    h = await makeHarness();
    expect(await plain('@bob /account close')).toContain('ks-demo');
    expect(await plain('@dave /account close')).toContain('Rien n’empêche la fermeture');
  });

  it('GIVEN help WHEN asked THEN every family and its usage lines are listed', async () => {
    h = await makeHarness();
    const all = await plain('/guichet help');
    for (const f of buildRegistry().families) expect(all).toContain(`/${f.name}`);
    expect(await plain('/guichet help account')).toContain('/account emails [N]');
  });
  void DEFAULT_CORE_CONFIG;
});

describe('admin link takes one chat user, never a pattern', () => {
  it('GIVEN a Discord user typed without its server WHEN an operator links it THEN it is refused with what to type, and no wildcard link is written', async () => {
    h = await makeHarness();
    const r = await h.run('@root /guichet admin link discord:42 bob-ovh');
    expect(r.code).toBe('COMMAND.BAD_ARGUMENTS');
    expect(replyToPlainText(r)).toContain('discord:GUILD/USER');
    const links = await h.uow.run(async (tx) => ({ commit: false, result: (await tx.links.list(undefined, 100)).items.map((l) => l.chatUser) }));
    expect(links.filter((k) => k.includes('*'))).toEqual([]);
    expect(await plain('@root /guichet admin link discord:G1/42 bob-ovh')).toContain('Linked discord:G1/42 to bob-ovh');
  });
});
