import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../src/core/reply.js';
import type { ImageRenderer } from '../src/ports/images.js';
import { DIGEST_CHARTS_MAX } from '../src/jobs/digest-charts.js';
import { consoleUser, makeHarness, wireJobViews, type Harness, type HarnessOptions } from './support/harness.js';
import { JOBS } from '../src/jobs/index.js';
import { CLAIM_TTL_MS, JobRunner } from '../src/jobs/job-runner.js';
import { ManualClock } from '../src/ports/clock.js';
import type { Delivery, Notifier } from '../src/ports/notifier.js';
import { RecordingLogger } from './support/recording.js';

/** The first digest slot after the demo's start (Monday 30 November 2026, 09:00 in Paris). */
const SLOT = '2026-11-30T08:00:00.000Z';
const CHANNEL = 'console:local/alice-ops';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A harness whose channel posts are kept whole (files included). */
async function digestBed(options: HarnessOptions = {}): Promise<{ h: Harness; posts: { channel: string; reply: Reply }[] }> {
  const bed = await makeHarness(options);
  const posts: { channel: string; reply: Reply }[] = [];
  const post = bed.notifier.post.bind(bed.notifier);
  bed.notifier.post = async (channel, reply) => {
    const d = await post(channel, reply);
    if (d.ok) posts.push({ channel, reply });
    return d;
  };
  const sub = await bed.core.handle({ id: randomUUID(), user: consoleUser('alice'), channel: CHANNEL, command: 'reminders', input: { kind: 'text', text: 'subscribe digest' } });
  expect(sub.tone).toBe('success');
  h = bed;
  return { h: bed, posts };
}

/** Runs the jobs at `at`; returns the digests posted so far. */
async function runAt(bed: Harness, posts: { channel: string; reply: Reply }[], at: string): Promise<Reply[]> {
  bed.clock.set(new Date(at));
  await bed.jobs.runNow(bed.clock.now());
  return posts.filter((p) => p.reply.title?.startsWith('Weekly digest')).map((p) => p.reply);
}

const warnings = (bed: Harness, about: RegExp) => bed.logs.lines.filter((l) => l.includes('"level":"warn"') && about.test(l));

describe('the credit charts of the weekly digest', () => {
  it('GIVEN alice’s project pc-demo has a voucher and consumption WHEN the digest is posted THEN it carries the PNG of pc-demo’s credit chart with alt text that says the same, once', async () => {
    const { h: bed, posts } = await digestBed();
    await bed.run('@alice /voucher activate WELCOME-50 pc-demo');
    expect(await bed.text('@root /guichet admin charge pc-demo 12')).toContain('€12.00');
    const [digest, ...more] = await runAt(bed, posts, SLOT);
    expect(more).toEqual([]);
    expect(digest!.files).toHaveLength(1);
    const file = digest!.files![0]!;
    expect(file.name).toMatch(/^credit-pc-demo-2026-11\.png$/);
    expect(Buffer.from(file.png).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file.alt).toContain('Vouchers: €38.00');
    expect(file.alt).toContain('Consumption over 12 months: €12.00');
    expect(digest!.sections.map((s) => (s.kind === 'text' ? s.text : '')).join('\n')).not.toContain('/credit chart PROJECT');
    expect(await runAt(bed, posts, new Date(Date.parse(SLOT) + 3_600_000).toISOString())).toHaveLength(1);
  }, 30_000);

  it('GIVEN alice’s only project pc-demo never had credit, vouchers or consumption WHEN the digest is posted THEN it has no file', async () => {
    const { h: bed, posts } = await digestBed();
    const [digest] = await runAt(bed, posts, SLOT);
    expect(digest).toBeDefined();
    expect(digest!.files).toBeUndefined();
  });

  it(`GIVEN alice has ${DIGEST_CHARTS_MAX + 2} projects with vouchers besides pc-demo (none) WHEN the digest is posted THEN it charts the first ${DIGEST_CHARTS_MAX} with vouchers by ID and says how many are left to /credit chart`, async () => {
    const { h: bed, posts } = await digestBed();
    const ids = Array.from({ length: DIGEST_CHARTS_MAX + 2 }, (_, i) => `pc-extra-${i}`);
    await bed.uow.run(async (tx) => {
      const pc = (await tx.services.get('pc-demo'))!;
      for (const id of ids) await tx.services.put({ ...pc, id });
      return { commit: true, result: undefined };
    });
    for (const [i, id] of ids.entries()) {
      await bed.run(`@root /guichet admin voucher issue EXTRA-${i} 10 EUR subsidiary=FR`);
      expect((await bed.run(`@alice /voucher activate EXTRA-${i} ${id}`)).tone).toBe('success');
    }
    const [digest] = await runAt(bed, posts, SLOT);
    expect(digest!.files!.map((f) => f.name.replace(/-2026-11\.png$/, ''))).toEqual(ids.slice(0, DIGEST_CHARTS_MAX).map((id) => `credit-${id}`));
    const said = digest!.sections.map((s) => (s.kind === 'text' ? s.text : '')).join('\n');
    expect(said).toContain(`At most ${DIGEST_CHARTS_MAX} credit charts here: 3 more Public Cloud project(s) not charted; /credit chart PROJECT draws one.`);
  }, 60_000);

  it('GIVEN no image renderer is wired WHEN the digest is posted THEN it goes without a chart, and the log says once that digests carry none', async () => {
    const { h: bed, posts } = await digestBed({ images: null });
    await bed.run('@alice /voucher activate WELCOME-50 pc-demo');
    const [digest] = await runAt(bed, posts, SLOT);
    expect(digest).toBeDefined();
    expect(digest!.files).toBeUndefined();
    expect(warnings(bed, /no image renderer/)).toHaveLength(1);
  });

  it('GIVEN a renderer that throws WHEN the digest is posted to two channels THEN it goes to both without a chart, with one warning, and is not posted again', async () => {
    let calls = 0;
    const broken: ImageRenderer = { png: async () => { calls++; throw new Error('rasteriser out of memory'); } };
    const { h: bed, posts } = await digestBed({ images: broken });
    await bed.run('@alice /voucher activate WELCOME-50 pc-demo');
    await bed.core.handle({ id: randomUUID(), user: consoleUser('alice'), channel: 'console:local/alice-board', command: 'reminders', input: { kind: 'text', text: 'subscribe digest' } });
    const digests = await runAt(bed, posts, SLOT);
    expect(digests).toHaveLength(2);
    expect(digests.every((d) => d.files === undefined)).toBe(true);
    expect(calls).toBeGreaterThan(0);
    expect(warnings(bed, /the image renderer failed/)).toHaveLength(1);
    expect(warnings(bed, /rasteriser out of memory/)).toHaveLength(1);
    expect(await runAt(bed, posts, new Date(Date.parse(SLOT) + 3_600_000).toISOString())).toHaveLength(2);
  });

  it('GIVEN a process killed after the platform accepted the digest with its chart and before the mark WHEN another takes over once the claim lapsed THEN only that channel gets it a second time, chart included, and no run posts it again', async () => {
    const { h: bed } = await digestBed();
    await bed.run('@alice /voucher activate WELCOME-50 pc-demo');
    await bed.core.handle({ id: randomUUID(), user: consoleUser('alice'), channel: 'console:local/alice-board', command: 'reminders', input: { kind: 'text', text: 'subscribe digest' } });
    const accepted: string[] = [];
    const platform = (hangAt?: number): Notifier & { calls: number } => ({
      platforms: ['console'],
      calls: 0,
      async direct(): Promise<Delivery> { return { ok: true }; },
      async post(channel: string, reply: Reply): Promise<Delivery> {
        this.calls += 1;
        accepted.push(`${channel} ${reply.title} [${(reply.files ?? []).map((f) => f.name).join(', ')}]`);
        return hangAt === this.calls ? new Promise<Delivery>(() => {}) : { ok: true }; // the process is gone after the platform accepted
      },
    });
    const leaseClock = new ManualClock(SLOT);
    const processOn = (holder: string, notifier: Notifier) => {
      const runner = new JobRunner({ registry: JOBS, store: bed.uow, notifier, config: bed.core.deps.config, logger: new RecordingLogger(), holder, leaseClock });
      wireJobViews(runner, bed.core);
      return runner;
    };
    bed.clock.set(new Date(SLOT));
    const dying = platform(1);
    void processOn('A', dying).runNow(bed.clock.now());
    while (dying.calls < 1) await new Promise((r) => setTimeout(r, 2));
    const b = processOn('B', platform());
    await b.runNow(bed.clock.now());
    expect(accepted).toHaveLength(1);
    leaseClock.advance(CLAIM_TTL_MS + 1);
    await b.runNow(bed.clock.now());
    await b.runNow(new Date(Date.parse(SLOT) + 3_600_000));
    const first = accepted[0]!;
    const other = [CHANNEL, 'console:local/alice-board'].find((c) => !first.startsWith(`${c} `))!;
    expect(first).toMatch(/ Weekly digest of alice-ovh \(2026-W49\) \[credit-pc-demo-2026-11\.png\]$/);
    expect(accepted.sort()).toEqual([first, first, `${other} Weekly digest of alice-ovh (2026-W49) [credit-pc-demo-2026-11.png]`].sort());
  }, 30_000);
});
