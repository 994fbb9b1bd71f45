import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryEngine } from '../adapters/store/memory.engine.js';
import { buildRegistry } from '../src/commands/index.js';
import { parseText } from '../src/core/parser.js';
import { replyToPlainText } from '../src/core/reply.js';
import type { Service } from '../src/domain/service.js';
import { askChange } from './support/contacts.js';
import { DEMO_NOW, makeHarness, type Harness } from './support/harness.js';

/** The six kinds of caller of SPEC §4, as console users on a project whose three contacts differ. */
const ROLES = { admin: 'alice', billing: 'dave', tech: 'bob', unrelated: 'carol', unlinked: 'mallory', operator: 'root' } as const;
type Role = keyof typeof ROLES;
const CONTACTS: Role[] = ['admin', 'billing', 'tech'];
const LINKED: Role[] = ['admin', 'billing', 'tech', 'unrelated'];

interface Row {
  readonly line: string;
  readonly allowed: readonly Role[];
  /** Prepares the store for this caller and returns the line to type (placeholders filled). */
  readonly prepare?: (h: Harness, user: string) => Promise<Record<string, string>>;
}

const day = 86_400_000;
const matrixServices = (): Service[] => {
  const base = { owner: 'alice-ovh', contacts: { admin: 'alice-ovh', billing: 'dave-ovh', tech: 'bob-ovh' }, state: 'active' as const, createdAt: DEMO_NOW, deletedAt: null, displayName: '' };
  return [
    { ...base, id: 'pc-matrix', kind: 'public-cloud-project', renewal: null },
    { ...base, id: 'vps-matrix', kind: 'vps', renewal: { expiresAt: new Date(Date.parse(DEMO_NOW) + 20 * day).toISOString(), periodMonths: 1, mode: 'manual', cancelReason: null, priceMinor: 500 } },
  ];
};

const orderOf = (text: string) => /ORD-[A-Z0-9]+/.exec(text)?.[0] ?? "ORD-NONE0000";

const ROWS: Row[] = [
  { line: '/account', allowed: LINKED },
  { line: '/account overview', allowed: LINKED },
  { line: '/account audit', allowed: LINKED },
  { line: '/account emails', allowed: LINKED },
  { line: '/account close', allowed: LINKED },
  // The ledger connects no remote accounts: refused for everyone (in ovhcloud mode anyone may: test/ovhcloud.connect.test.ts).
  { line: '/account connect', allowed: [] },
  { line: '/account disconnect', allowed: [] },
  { line: '/contacts show pc-matrix', allowed: CONTACTS },
  { line: '/contacts change pc-matrix billing=alice-ovh', allowed: ['admin'] },
  { line: '/contacts requests', allowed: LINKED },
  {
    line: '/contacts accept {req} {token}',
    allowed: ['admin', 'billing'],
    prepare: async (h, user) => {
      const r = await askChange(h, '@alice /contacts change pc-matrix billing=alice-ovh');
      return { req: r.id, token: r.tokens[user] ?? 'ABCDEFGHJK' };
    },
  },
  {
    line: '/contacts refuse {req} {token}',
    allowed: ['admin', 'billing'],
    prepare: async (h, user) => {
      const r = await askChange(h, '@alice /contacts change pc-matrix billing=alice-ovh');
      return { req: r.id, token: r.tokens[user] ?? 'ABCDEFGHJK' };
    },
  },
  {
    line: '/voucher activate MATRIX-10 pc-matrix',
    allowed: ['admin', 'billing'],
    prepare: async (h) => (await h.run('@root /guichet admin voucher issue MATRIX-10 10 EUR subsidiary=FR'), {}),
  },
  { line: '/credit buy 10 pc-matrix', allowed: ['admin', 'billing'] },
  { line: '/credit list pc-matrix', allowed: CONTACTS },
  { line: '/credit chart pc-matrix', allowed: CONTACTS },
  { line: '/orders', allowed: LINKED },
  {
    line: '/orders pay {order}',
    allowed: ['admin', 'billing'],
    prepare: async (h, user) => ({ order: orderOf(await h.text(`@${['alice', 'dave'].includes(user) ? user : 'alice'} /credit buy 10 pc-matrix`)) }),
  },
  {
    line: '/orders cancel {order}',
    allowed: ['admin', 'billing'],
    prepare: async (h, user) => ({ order: orderOf(await h.text(`@${['alice', 'dave'].includes(user) ? user : 'alice'} /credit buy 10 pc-matrix`)) }),
  },
  { line: '/orders show {order}', allowed: CONTACTS, prepare: async (h) => ({ order: orderOf(await h.text('@alice /credit buy 10 pc-matrix')) }) },
  { line: '/renew status vps-matrix', allowed: CONTACTS },
  { line: '/renew manual vps-matrix', allowed: ['admin'], prepare: async (h) => (await h.run('@alice /renew auto vps-matrix'), {}) },
  { line: '/renew auto vps-matrix', allowed: ['admin'] },
  { line: '/renew cancel vps-matrix no longer needed', allowed: ['admin'] },
  { line: '/renew pay vps-matrix --yes', allowed: ['admin', 'billing'] },
  { line: '/renew delete-now vps-matrix', allowed: ['admin'] },
  { line: '/reminders subscribe', allowed: LINKED },
  { line: '/reminders unsubscribe', allowed: LINKED, prepare: async (h, user) => (await h.run(`@${user} /reminders subscribe`), {}) },
  { line: '/reminders list', allowed: LINKED },
  { line: '/reminders preview', allowed: LINKED },
  { line: '/guichet help', allowed: ['admin', 'billing', 'tech', 'unrelated', 'unlinked', 'operator'] },
  { line: '/guichet admin link console:eve alice-ovh', allowed: ['operator'] },
  { line: '/guichet admin unlink console:carol', allowed: ['operator'] },
  { line: '/guichet admin links', allowed: ['operator'] },
  { line: '/guichet admin audit', allowed: ['operator'] },
  { line: '/guichet admin voucher issue NEW-5 5 EUR', allowed: ['operator'] },
  { line: '/guichet admin charge pc-matrix 5', allowed: ['operator'] },
  { line: '/guichet admin run-jobs', allowed: ['operator'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('authorization matrix (SPEC §4)', () => {
  const cells = ROWS.flatMap((row) => (Object.keys(ROLES) as Role[]).map((role) => [row.line, role, row] as const));
  it.each(cells)('GIVEN %s WHEN typed by the %s THEN it is allowed or refused as SPEC §4 says', async (_line, role, row) => {
    h = await makeHarness();
    await h.uow.run(async (tx) => {
      for (const s of matrixServices()) await tx.services.put(s);
      return { commit: true, result: undefined };
    });
    const user = ROLES[role];
    const values = row.prepare ? await row.prepare(h, user) : {};
    const line = row.line.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');
    const engine = h.engine as MemoryEngine;
    const before = engine.writeCount;
    const documents = async () => (await engine.range('', '\uffff', { limit: 100_000 })).filter((r) => !r.key.startsWith('audit:'));
    const docsBefore = await documents();
    const auditBefore = new Set((await engine.range('audit:', 'audit:\uffff', { limit: 100_000 })).map((r) => r.key));
    const reply = await h.run(`@${user} ${line}`);
    const shown = replyToPlainText(reply);
    if (row.allowed.includes(role)) {
      expect(reply.tone, shown).not.toBe('error');
      const [family, ...rest] = line.slice(1).split(' ');
      const parsed = parseText(buildRegistry().find(family!)!, rest.join(' '));
      if (parsed.ok && parsed.spec.readOnly) expect(engine.writeCount, `${line} is declared read-only but wrote`).toBe(before);
    } else {
      expect(reply.tone, shown).toBe('error');
      expect(reply.code, shown).not.toBe('INTERNAL');
      // A refusal changes nothing; a refusal of rights only adds the record of the attempt, as refused.
      expect(await documents(), `refused ${line} must change nothing`).toEqual(docsBefore);
      const added = (await engine.range('audit:', 'audit:\uffff', { limit: 100_000 })).filter((r) => !auditBefore.has(r.key)).map((r) => r.value as { result: string });
      expect(added.length, `refused ${line} wrote more than one audit entry`).toBeLessThanOrEqual(1);
      expect(added.every((e) => e.result === 'refused'), `refused ${line} recorded as ok`).toBe(true);
      expect(engine.writeCount - before).toBe(added.length);
    }
  });

  it('GIVEN the command registry WHEN compared with the matrix THEN every subcommand has a row', () => {
    const missing = buildRegistry().families.flatMap((f) =>
      f.commands
        .map((c) => `/${f.name}${c.name ? ` ${c.name}` : ''}`)
        .filter((prefix) => !ROWS.some((r) => r.line === prefix || r.line.startsWith(`${prefix} `))),
    );
    expect(missing).toEqual([]);
  });
});
