import { afterEach, describe, expect, it } from 'vitest';
import { exportStore, ImportError, importStore } from '../adapters/store/backup.js';
import type { ExportFile } from '../adapters/store/collections.js';
import { makeHarness, type Harness } from './support/harness.js';

const hs: Harness[] = [];
afterEach(async () => {
  for (const h of hs.splice(0)) await h.close();
});

async function demoExport(prepare?: (h: Harness) => Promise<void>): Promise<{ file: ExportFile; h: Harness }> {
  const h = await makeHarness();
  hs.push(h);
  await prepare?.(h);
  return { file: JSON.parse(JSON.stringify(await exportStore(h.engine, h.clock.now())))!, h };
}

async function emptyStore(): Promise<Harness> {
  const h = await makeHarness({ engine: 'sqlite', demo: false });
  hs.push(h);
  return h;
}

/** The problems an import reports, as `doc field: why` lines; fails when it imported. */
async function refusal(target: Harness, file: unknown, now: Date): Promise<string[]> {
  const error = await importStore(target.uow, file, { now }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).problems.map((p) => `${p.doc} ${p.field}: ${p.why}`);
}

async function isEmpty(h: Harness): Promise<boolean> {
  const file = await exportStore(h.engine, h.clock.now());
  return Object.values(file.collections).every((docs) => docs.length === 0);
}

const col = (file: ExportFile, name: string) => file.collections[name] as Record<string, unknown>[];

describe('import checks every document and every reference (issue 15, item 1)', () => {
  it('GIVEN a file with a date that is not one, a link to a missing account, a service admin that does not exist and a duplicate account WHEN imported THEN the whole file is refused with each document, field and why, and nothing is written', async () => {
    const { file, h } = await demoExport();
    const services = col(file, 'services');
    const ks = services.find((s) => s.id === 'ks-demo')!;
    (ks.renewal as Record<string, unknown>).expiresAt = 'not-a-date';
    col(file, 'links').push({ chatUser: 'console:local/ghost', account: 'ghost-ovh', linkedBy: 'x', linkedAt: h.clock.now().toISOString() });
    const vps = services.find((s) => s.id === 'vps-demo-1')!;
    (vps.contacts as Record<string, unknown>).admin = 'nobody-ovh';
    col(file, 'accounts').push({ ...col(file, 'accounts')[0]!, id: String(col(file, 'accounts')[0]!.id).toUpperCase() });
    const target = await emptyStore();
    const problems = await refusal(target, file, h.clock.now());
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^services\[\d+\] \(ks-demo\) renewal\.expiresAt: not a date and time .*"not-a-date"/),
      expect.stringMatching(/^links\[\d+\] \(console:local\/ghost\) account: account ghost-ovh is not in the file/),
      expect.stringMatching(/^services\[\d+\] \(vps-demo-1\) contacts\.admin: account nobody-ovh is not in the file/),
      expect.stringMatching(/^accounts\[4\] \(alice-ovh\) \(document\): duplicate of accounts\[0\]/),
    ]));
    expect(problems).toHaveLength(4);
    expect(await isEmpty(target)).toBe(true);
  });

  it('GIVEN orders, wallets and requests naming what the file lacks WHEN imported THEN each reference is reported', async () => {
    const { file, h } = await demoExport(async (d) => {
      await d.run('@alice /credit buy 100 pc-demo');
      await d.run('@alice /voucher activate WELCOME-50 pc-demo');
      await d.run('@alice /contacts change pc-demo billing=dave-ovh');
    });
    col(file, 'orders')[0]!.account = 'zed-ovh';
    (col(file, 'orders')[0]!.lines as Record<string, unknown>[])[0]!.serviceId = 'pc-gone';
    col(file, 'wallets')[0]!.projectId = 'ks-demo';
    col(file, 'contact-requests')[0]!.to = 'zed-ovh';
    col(file, 'vouchers').splice(col(file, 'vouchers').findIndex((v) => v.code === 'WELCOME-50'), 1);
    const problems = await refusal(await emptyStore(), file, h.clock.now());
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^orders\[0\] .* account: account zed-ovh is not in the file/),
      expect.stringMatching(/^orders\[0\] .* lines\.0\.serviceId: service pc-gone is not in the file/),
      expect.stringMatching(/^wallets\[0\] \(ks-demo\) projectId: ks-demo is a dedicated-server, not a Public Cloud project/),
      expect.stringMatching(/^contact-requests\[0\] .* to: account zed-ovh is not in the file/),
      expect.stringMatching(/^wallets\[0\] .* entries\.0\.voucherCode: voucher WELCOME-50 is not in the file/),
    ]));
  });

  it('GIVEN a file that is not an export, or has an unknown collection WHEN imported THEN it is refused saying so', async () => {
    const target = await emptyStore();
    expect(await refusal(target, { hello: 1 }, new Date())).toEqual([expect.stringContaining('not a Guichet export')]);
    const { file, h } = await demoExport();
    file.collections.gadgets = [];
    expect(await refusal(target, file, h.clock.now())).toEqual([expect.stringContaining('collections.gadgets : unknown collection')]);
  });
});

describe('import checks meaning, not only shape (issue 17, item 2)', () => {
  it('GIVEN a wildcard chat link, a link written otherwise than commands write it and an upper-case account reference WHEN imported THEN each is refused', async () => {
    const { file, h } = await demoExport();
    const at = h.clock.now().toISOString();
    col(file, 'links').push(
      { chatUser: 'discord:*/666', account: 'bob-ovh', linkedBy: 'x', linkedAt: at },
      { chatUser: 'discord:666', account: 'bob-ovh', linkedBy: 'x', linkedAt: at },
      { chatUser: 'console:mallory', account: 'bob-ovh', linkedBy: 'x', linkedAt: at },
      { chatUser: 'slack:T1/U1', account: 'Bob-OVH', linkedBy: 'x', linkedAt: at },
    );
    const problems = await refusal(await emptyStore(), file, h.clock.now());
    expect(problems.filter((p) => p.includes('chatUser: '))).toHaveLength(3);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/\(discord:\*\/666\) chatUser: .*no wildcard/),
      expect.stringMatching(/\(slack:T1\/U1\) account: "Bob-OVH" is not an account ID as commands write it/),
    ]));
  });

  it('GIVEN an open contact-change request already accepted by one side WHEN imported THEN it is refused: each side confirms after the import', async () => {
    const { file, h } = await demoExport(async (d) => {
      const r = await d.text('@alice /contacts change pc-demo admin=bob-ovh');
      expect(r).toContain('CR-');
    });
    const request = col(file, 'contact-requests')[0]!;
    request.accepted = { current: { at: h.clock.now().toISOString(), by: 'console:local/alice' }, new: null };
    const problems = await refusal(await emptyStore(), file, h.clock.now());
    expect(problems).toEqual([expect.stringMatching(/^contact-requests\[0\] \(CR-\w+\) accepted: an open request is imported with no side accepted/)]);
  });

  it('GIVEN an audit entry dated in the future, and one rewriting an entry the store has WHEN imported THEN both are refused; an entry identical to the store\'s is kept as it is', async () => {
    const { file, h } = await demoExport(async (d) => {
      await d.run('@root /guichet admin link console:eve dave-ovh');
    });
    const target = await makeHarness({ engine: 'sqlite' });
    hs.push(target);
    const [entry] = col(file, 'audit');
    await target.uow.run(async (tx) => {
      tx.audit.append(entry as never);
      return { commit: true, result: undefined };
    });
    col(file, 'audit').push({ ...entry, id: 'forged', at: '9999-12-31T00:00:00.000Z' });
    const rewritten = JSON.parse(JSON.stringify(file)) as ExportFile;
    col(rewritten, 'audit')[0]!.result = 'refused';
    const problems = await refusal(target, rewritten, h.clock.now());
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^audit\[1\] .* at: dated after now/),
      expect.stringMatching(/^audit\[0\] .* the store already has a different audit entry audit:.*: the audit log is never rewritten/),
    ]));
    col(file, 'audit').pop();
    const counts = await importStore(target.uow, file, { now: h.clock.now(), replace: true });
    expect(counts.audit).toBe(0);
  });
});

describe('services loaded from a file written by hand', () => {
  it('GIVEN services with no schedule in the file WHEN imported THEN their renewal schedule is built from their expiry, so the jobs remind and expire them', async () => {
    const { file, h } = await demoExport();
    file.collections.due = [];
    file.collections.schedules = [];
    const target = await makeHarness({ demo: false, now: h.clock.now().toISOString() });
    hs.push(target);
    await importStore(target.uow, file, { now: h.clock.now() });
    const due = await target.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(new Date('2030-01-01T00:00:00Z'), 100) }));
    const source = await h.uow.run(async (tx) => ({ commit: false, result: await tx.due.until(new Date('2030-01-01T00:00:00Z'), 100) }));
    expect(due.filter((e) => e.kind.startsWith('renewal') || e.kind.includes('expiry')).length).toBeGreaterThan(0);
    expect(due.map((e) => `${e.kind}:${e.ref}`).sort()).toEqual(source.map((e) => `${e.kind}:${e.ref}`).sort());
  });
});
