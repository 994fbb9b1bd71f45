import { createOvhcloudParts, type OvhcloudParts } from '../../adapters/ovhcloud/ovhcloud.wiring.js';
import { exportStore } from '../../adapters/store/backup.js';
import type { PollScheduler } from '../../adapters/ovhcloud/connect-poller.js';
import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import { DEMO_NOW, makeHarness, type Harness } from './harness.js';
import { manualTimers } from './ovhcloud-fake/bed.js';
import { FakeOvhCloud, type FakeOptions } from './ovhcloud-fake/ovhcloud-fake.js';

/** The `GUICHET_SECRET_KEY` of the tests. */
export const TEST_SECRET_KEY = '5e'.repeat(32);

/** A poll scheduler the test drives: what the poller scheduled waits here until `runScheduled`. */
export class ManualScheduler implements PollScheduler {
  readonly queue: (() => void)[] = [];
  /** Queues a run. */
  schedule(run: () => void): () => void {
    this.queue.push(run);
    return () => {
      const i = this.queue.indexOf(run);
      if (i >= 0) this.queue.splice(i, 1);
    };
  }
}

/** Guichet in ovhcloud mode on the fake API: store, core, connector, poller; every reply kept to grep for secrets. */
export interface ConnectBed {
  readonly h: Harness;
  readonly fake: FakeOvhCloud;
  readonly parts: OvhcloudParts;
  readonly scheduler: ManualScheduler;
  /** Plain text of every reply given. */
  readonly replies: string[];
  /** Runs a line (`@user /command …`) and returns the reply. */
  run(line: string, options?: { id?: string }): Promise<Reply>;
  /** Runs a line and returns the plain text. */
  text(line: string, options?: { id?: string }): Promise<string>;
  /** Opens a validation URL as a browser would (extra query: `account=…`, `action=refuse`). */
  open(url: string, extra?: Record<string, string>): Promise<number>;
  /** The validation URL in a reply's text. */
  urlIn(text: string): string;
  /** Everything a secret must never appear in: log lines, replies, private messages, the export, the audit log. */
  surfaces(): Promise<string>;
  close(): Promise<void>;
}

/** Starts the fake and Guichet wired for ovhcloud on it, sharing one ManualClock. */
export async function startConnectBed(options: { fake?: FakeOptions; engine?: 'memory' | 'sqlite' } = {}): Promise<ConnectBed> {
  let harness: Harness | undefined;
  const clock = { now: () => harness?.clock.now() ?? new Date(DEMO_NOW) };
  const fake = await FakeOvhCloud.start({ ...options.fake, clock });
  const scheduler = new ManualScheduler();
  let parts!: OvhcloudParts;
  const h = await makeHarness({
    demo: false,
    ...(options.engine ? { engine: options.engine } : {}),
    wire: (d) => {
      parts = createOvhcloudParts({
        secretKey: TEST_SECRET_KEY, endpoint: fake.url, applicationKey: fake.applicationKey, applicationSecret: fake.applicationSecret,
        store: d.uow, clock: d.clock, logger: d.logs, notifier: d.notifier, locale: 'en', timers: manualTimers(d.clock).timers, scheduler,
        effects: { sleep: async () => {} },
      });
      return { provider: parts.provider, connector: parts.connector };
    },
  });
  harness = h;
  const replies: string[] = [];
  const run = async (line: string, o: { id?: string } = {}) => {
    const r = await h.run(line, o);
    replies.push(replyToPlainText(r));
    return r;
  };
  return {
    h, fake, parts, scheduler, replies, run,
    text: async (line, o) => replyToPlainText(await run(line, o)),
    open: async (url, extra = {}) => {
      const u = new URL(url);
      for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
      const res = await fetch(u);
      await res.text();
      return res.status;
    },
    urlIn: (text) => {
      const m = /https:\/\/127\.0\.0\.1:\d+\/auth\/\?credentialToken=\w+/.exec(text);
      if (!m) throw new Error(`no validation URL in: ${text}`);
      return m[0];
    },
    surfaces: async () => {
      const audit = await h.uow.run(async (tx) => ({ commit: false, result: await tx.audit.latest(1000) }));
      return [
        ...h.logs.lines, ...replies, ...h.notifier.directs.map((d) => d.text), ...h.notifier.posts.map((p) => p.text),
        JSON.stringify(await exportStore(h.engine, h.clock.now())), JSON.stringify(audit),
      ].join('\n');
    },
    close: async () => {
      await parts.poller.stop();
      await fake.close();
      await h.close();
    },
  };
}
