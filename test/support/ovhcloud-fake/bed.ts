import { ManualClock } from '../../../src/ports/clock.js';
import { createOvhClient, type OvhClient, type OvhClientOptions } from '../../../adapters/ovhcloud/ovh-client.js';
import type { OvhTimers } from '../../../adapters/ovhcloud/ovh-timers.js';
import { RecordingLogger } from '../recording.js';
import { FakeOvhCloud, type FakeOptions } from './ovhcloud-fake.js';

/** Timers on a ManualClock: sleeping moves the clock (and records how long), timeouts never fire on their own. */
export function manualTimers(clock: ManualClock): { timers: OvhTimers; sleeps: number[]; abortAll: () => void } {
  const sleeps: number[] = [];
  const controllers: AbortController[] = [];
  return {
    sleeps,
    timers: {
      sleep: async (ms) => {
        sleeps.push(ms);
        // Let what is already under way (a granted request being sent) go first, as real time would.
        await new Promise((r) => setImmediate(r));
        clock.advance(ms);
      },
      timeout: () => {
        const c = new AbortController();
        controllers.push(c);
        return c.signal;
      },
    },
    abortAll: () => {
      for (const c of controllers.splice(0)) c.abort(new DOMException('timed out', 'TimeoutError'));
    },
  };
}

/** A fake and clients of it on one ManualClock, with a recording logger. */
export interface OvhBed {
  readonly fake: FakeOvhCloud;
  readonly clock: ManualClock;
  readonly logs: RecordingLogger;
  readonly sleeps: number[];
  /** Aborts every request in flight as if its timeout fired. */
  readonly abortAll: () => void;
  /** A client without consumer key (for the credential flow). */
  readonly anonymous: OvhClient;
  /** A client with a validated key of an account (every route allowed unless rules are given). */
  clientFor(nichandle: string, rules?: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string }[], options?: Partial<OvhClientOptions>): OvhClient;
  close(): Promise<void>;
}

/** Starts a fake (demo seed unless given) and a client factory sharing one ManualClock. */
export async function startOvhBed(options: FakeOptions & { client?: Partial<OvhClientOptions> } = {}): Promise<OvhBed> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock('2026-03-02T09:00:00Z');
  const fake = await FakeOvhCloud.start({ ...options, clock });
  const logs = new RecordingLogger();
  const { timers, sleeps, abortAll } = manualTimers(clock);
  const make = (consumerKey: string | undefined, extra: Partial<OvhClientOptions> = {}) =>
    createOvhClient({
      endpoint: fake.url, applicationKey: fake.applicationKey, applicationSecret: fake.applicationSecret, consumerKey,
      clock, timers, logger: logs, random: () => 0.5, ...options.client, ...extra,
    });
  return {
    fake, clock, logs, sleeps, abortAll,
    anonymous: make(undefined),
    clientFor: (nichandle, rules, extra) => make(fake.issueConsumerKey(nichandle, rules), extra),
    close: () => fake.close(),
  };
}
