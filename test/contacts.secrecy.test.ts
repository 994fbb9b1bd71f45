import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportStore } from '../adapters/store/backup.js';
import { contactsFamily } from '../src/commands/contacts.command.js';
import { maskSecrets } from '../src/core/parser.js';
import { replyToPlainText } from '../src/core/reply.js';
import { makeHarness, type Harness } from './support/harness.js';
import { read, requestIds, tokensFor } from './support/contacts.js';

describe('contact-change tokens stay private', () => {
  let h: Harness;
  beforeEach(async () => { h = await makeHarness({ engine: 'sqlite' }); });
  afterEach(async () => { await h.close(); });

  it('GIVEN a whole contact change with wrong tokens, a refusal and a success WHEN everything public is collected THEN no token appears in any reply, log line, audit entry, stored request or export', async () => {
    const shown: string[] = [];
    const run = async (line: string, locale?: 'en' | 'fr') => {
      const r = await h.run(line, locale ? { locale } : {});
      shown.push(replyToPlainText(r), JSON.stringify(r));
      return r;
    };
    const first = replyToPlainText(await run('@alice /contacts change pc-demo billing=dave-ovh --public'));
    const [refusedId] = requestIds(first);
    const t1 = tokensFor(h, refusedId!);
    await run(`@dave /contacts accept ${refusedId} ${t1.alice}`);
    await run(`@dave /contacts refuse ${refusedId} ${t1.dave} --public`, 'fr');
    const second = replyToPlainText(await run('@alice /contacts change pc-demo billing=dave-ovh'));
    const [appliedId] = requestIds(second);
    const t2 = tokensFor(h, appliedId!);
    await run(`@alice /contacts accept ${appliedId} ${t2.alice} --public`);
    await run(`@alice /contacts accept ${appliedId} ${t2.alice}`);
    await run(`@dave /contacts accept ${appliedId} ${t2.dave}`);
    await run(`@dave /contacts accept ${appliedId} ${t2.dave}`);
    await run('@alice /contacts requests');
    await run('@dave /contacts show pc-demo --public');
    const tokens = [...Object.values(t1), ...Object.values(t2)];
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens).size).toBe(4);
    for (const t of tokens) expect(t).toMatch(/^[ABCDEFGHJKMNPQRSTWXYZ23456789]{10}$/);
    // The private messages did carry them (so the search below would find them if they leaked).
    expect(h.notifier.directs.map((d) => d.text).join('\n')).toContain(t2.dave);
    const stored = await read(h, async (tx) => ({
      audit: await tx.audit.latest(200),
      requests: (await tx.contactRequests.listForAccount('alice-ovh')).items,
    }));
    const exported = JSON.stringify(await exportStore(h.engine, h.clock.now()));
    expect(exported).toContain(appliedId);
    const everything = [...shown, ...h.logs.lines, ...h.notifier.posts.map((p) => p.text), JSON.stringify(stored), exported].join('\n');
    expect(h.logs.lines.length).toBeGreaterThan(5);
    for (const t of tokens) expect(everything.toUpperCase()).not.toContain(t);
    expect(stored.requests.map((r) => r.state).sort()).toEqual(['applied', 'refused']);
  });

  it('GIVEN a typed accept line WHEN it is echoed THEN the token is masked, also when the request ID is missing', () => {
    expect(maskSecrets(contactsFamily, 'accept CR-7K2M9Q ABCDEFGHJK')).toBe('accept CR-7K2M9Q ••••••••••');
    expect(maskSecrets(contactsFamily, 'refuse CR-7K2M9Q token=ABCDEFGHJK --public')).toBe('refuse CR-7K2M9Q token=•••••••••• --public');
    expect(maskSecrets(contactsFamily, 'accept ABCDEFGHJK')).not.toContain('ABCDEFGHJK');
    expect(maskSecrets(contactsFamily, 'change pc-demo billing=dave-ovh')).toBe('change pc-demo billing=dave-ovh');
  });
});
