import { createOvhcloudFeed } from '../../adapters/ovhcloud/ovhcloud.feed.js';
import type { OvhClient } from '../../adapters/ovhcloud/ovh-client.js';
import { DEFAULT_CORE_CONFIG } from '../../src/core/config.js';
import type { ReminderType } from '../../src/domain/reminders.js';
import { buildJobRunner, mirrorJobs } from '../../src/jobs/index.js';
import type { AccountSyncOptions } from '../../src/jobs/account-sync.job.js';
import type { JobRunner } from '../../src/jobs/job-runner.js';
import type { JobReport } from '../../src/ports/jobs.js';
import { makeHarness, type Harness } from './harness.js';
import { startOvhBed, type OvhBed } from './ovhcloud-fake/bed.js';
import type { FakeSeed } from './ovhcloud-fake/seed.js';

/** A channel post with the simulated time it was accepted at. */
export interface TimedPost {
  readonly at: number;
  readonly channel: string;
  readonly title: string;
  readonly text: string;
}

/** The store, the fake API and the jobs in `ovhcloud` mode, on one ManualClock. */
export interface SyncBed {
  readonly h: Harness;
  readonly bed: OvhBed;
  readonly jobs: JobRunner;
  readonly posts: TimedPost[];
  readonly reports: JobReport[];
  /** The accounts the feed says are connected (tests remove some to disconnect them). */
  readonly connected: Set<string>;
  /** Subscribes a channel to an account's reminders (every type unless given). */
  subscribe(account: string, channel: string, types?: ReminderType[]): Promise<void>;
  /** Runs the jobs now and keeps the report. */
  runJobs(): Promise<JobReport>;
  /** The connected account's client (one consumer key per account, as the feed uses it). */
  client(account: string): OvhClient;
  close(): Promise<void>;
}

const ALL: ReminderType[] = ['renewal', 'termination', 'credit', 'voucher', 'order', 'contact'];

/** Starts a harness (real SQLite store unless told) and the fake seeded with `seed`, the sync job registered. */
export async function startSyncBed(seed: FakeSeed, options: { engine?: 'memory' | 'sqlite'; sync?: AccountSyncOptions; connected?: string[]; limitPerMinute?: number } = {}): Promise<SyncBed> {
  const h = await makeHarness({ engine: options.engine ?? 'sqlite', demo: false, now: '2026-03-02T09:00:00.000Z' });
  const bed = await startOvhBed({ clock: h.clock, seed, ...(options.limitPerMinute ? { limitPerMinute: options.limitPerMinute } : {}) });
  const connected = new Set(options.connected ?? seed.accounts.map((a) => a.nichandle));
  const clients = new Map<string, OvhClient>();
  const client = (account: string) => {
    if (!clients.has(account)) clients.set(account, bed.clientFor(account));
    return clients.get(account)!;
  };
  const feed = createOvhcloudFeed({
    connectedAccounts: async () => [...connected].sort(),
    clientFor: async (account) => (connected.has(account) ? client(account) : undefined),
  });
  const jobs = buildJobRunner({ store: h.uow, notifier: h.notifier, config: DEFAULT_CORE_CONFIG, logger: h.logs, registry: mirrorJobs(feed, options.sync) });
  const posts: TimedPost[] = [];
  const post = h.notifier.post.bind(h.notifier);
  h.notifier.post = async (channel, message) => {
    const d = await post(channel, message);
    if (d.ok) posts.push({ at: h.clock.now().getTime(), channel, title: message.title ?? '', text: h.notifier.posts.at(-1)!.text });
    return d;
  };
  const reports: JobReport[] = [];
  return {
    h, bed, jobs, posts, reports, connected, client,
    subscribe: (account, channel, types = ALL) =>
      h.uow.run(async (tx) => {
        tx.reminders.subscribe({ account, channel, types, by: 'test', at: h.clock.now().toISOString() });
        return { commit: true, result: undefined };
      }),
    runJobs: async () => {
      const report = await jobs.runNow(h.clock.now());
      reports.push(report);
      return report;
    },
    close: async () => {
      await bed.close();
      await h.close();
    },
  };
}
