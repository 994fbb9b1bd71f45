import { afterEach, describe, expect, it } from 'vitest';
import { parseConsoleLine, runConsoleLine, type ConsoleLine } from '../adapters/console/console.adapter.js';
import { renderReply } from '../adapters/slack/slack.render.js';
import { makeHarness, type Harness } from './support/harness.js';
import { askChange } from './support/contacts.js';

let h: Harness;
afterEach(async () => h?.close());

describe('replies say what they mean, in both languages', () => {
  it('GIVEN alice without backup e-mail nor two-factor WHEN she audits THEN the warnings say what is missing', async () => {
    h = await makeHarness();
    const audit = await h.text('@alice /account audit');
    expect(audit).toContain('⚠️ No backup e-mail address');
    expect(audit).toContain('⚠️ Two-factor authentication not enabled');
    expect(audit).toContain('✅ Primary e-mail address present');
    expect(audit).not.toContain('⚠️ Backup e-mail address set');
    const fr = await h.text('@dave /account audit');
    expect(fr).toContain('✅ Adresse e-mail de secours renseignée');
    expect(fr).toContain('⚠️ Double authentification non activée');
  });

  it('GIVEN /guichet help with a family and a subcommand WHEN asked THEN that subcommand is explained', async () => {
    h = await makeHarness();
    const help = await h.text('@alice /guichet help renew delete-now');
    expect(help).toContain('/renew delete-now SERVICE [TOKEN]');
    expect(help).toContain('Delete a service immediately');
    expect(help).not.toContain('/renew pay');
    expect((await h.run('@alice /guichet help renew nonsense')).code).toBe('COMMAND.UNKNOWN_SUBCOMMAND');
    expect(await h.text('@alice /guichet help renew')).toContain('/renew pay');
  });

  it('GIVEN root, an operator not linked to an account WHEN he subscribes a channel THEN he is told to link himself, not to ask an operator', async () => {
    h = await makeHarness();
    const r = await h.text('@root /reminders subscribe');
    expect(r).not.toMatch(/ask an operator/i);
    expect(r).toContain('/guichet admin link console:local/root');
    expect(await h.text('@eve /reminders subscribe')).toMatch(/Ask an operator/);
  });

  it('GIVEN service e-mails WHEN shown on the console THEN no Slack markup shows, while Slack gets the subject in bold', async () => {
    h = await makeHarness();
    await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const out = await runConsoleLine(h.core, parseConsoleLine('@alice /account emails') as ConsoleLine);
    expect(out).toContain('Contact change CR-');
    expect(out).not.toMatch(/\*Contact change/);
    const slack = JSON.stringify(renderReply(await h.run('@alice /account emails')).blocks);
    expect(slack).toMatch(/\*Contact change CR-[A-Z0-9]{6}: your confirmation token — [^*]+\*/);
  });

  it('GIVEN French replies WHEN they show fields and sentences THEN the colon is typeset the French way, and the labels read right', async () => {
    h = await makeHarness();
    const buy = await h.text('@dave /account');
    expect(buy).toContain('Identifiant client : dave-ovh');
    expect(buy).not.toMatch(/[^ ]: /);
    const order = await h.run('@alice /credit buy 100 pc-demo', { locale: 'fr' });
    const shown = (await import('../src/core/reply.js')).replyToPlainText(order);
    expect(shown).toContain('Montant HT : ');
    expect(shown).toContain('Conditions : ');
    await h.run('@alice /voucher activate WELCOME-50 pc-demo');
    const list = (await import('../src/core/reply.js')).replyToPlainText(await h.run('@alice /credit list pc-demo', { locale: 'fr' }));
    expect(list).toContain('Total ajouté : ');
    expect(list).not.toContain('Ajouté au total');
    const { id, tokens } = await askChange(h, '@alice /contacts change pc-demo billing=dave-ovh');
    const accepted = await h.text(`@dave /contacts accept ${id} ${tokens.dave}`);
    expect(accepted).toContain('en tant que nouveau contact');
    expect(accepted).not.toContain('en tant que le nouveau contact');
  });
});
