import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomCode } from '../src/domain/ids.js';
import { Leases } from '../src/jobs/leases.js';
import { PromMetrics } from './ops/prom.metrics.js';
import { buildRegistry } from '../src/commands/index.js';
import { coreConfigOf, loadEnv, startInstant, type Env } from '../src/config.js';
import { ledgerProvider } from '../src/ledger/ledger.provider.js';
import { ResvgImageRenderer } from './images/resvg.renderer.js';
import { Guichet } from '../src/core/guichet.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { withdrawDemoVouchers } from '../src/demo/demo-vouchers.js';
import { showcaseSeeder } from '../src/demo/demo-showcase.js';
import { UNENCRYPTED_BOX } from '../src/ports/secret-box.js';
import { buildJobRunner, mirrorJobs } from '../src/jobs/index.js';
import type { JobRunner } from '../src/jobs/job-runner.js';
import { ManualClock, systemClock, type Clock } from '../src/ports/clock.js';
import type { Logger } from '../src/ports/logger.js';
import { NotifierRouter } from '../src/ports/notifier.js';
import { createSecretBox } from './crypto/aes-gcm.secret-box.js';
import { createLogger } from './logging/pino.logger.js';
import type { ConnectPoller } from './ovhcloud/connect-poller.js';
import { createOvhcloudParts, type OvhcloudWiring } from './ovhcloud/ovhcloud.wiring.js';
import { createOvhcloudFeed } from './ovhcloud/ovhcloud.feed.js';
import { feedOfConnections } from './ovhcloud/feed-connections.js';
import { openStore, seedDemoIfEmpty, type OpenedStore } from './store/open-store.js';
import { Presence } from './store/presence.js';

/** Autocomplete requests allowed per command of the rate limit (a name typed letter by letter). */
const SUGGESTIONS_PER_COMMAND = 6;

/** Everything a running Guichet process holds. */
export interface Runtime {
  readonly env: Env;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: OpenedStore;
  readonly notifier: NotifierRouter;
  readonly core: Guichet;
  /** The scheduled jobs (lifecycle and reminders), run by the cron scheduler and `/guichet admin run-jobs`. */
  readonly jobs: JobRunner;
  /** Prometheus metrics of this process (`GET /metrics`). */
  readonly metrics: PromMetrics;
  /** Leases in the store, held in this process's name (`host:pid:random`). */
  readonly leases: Leases;
  /** With `GUICHET_PROVIDER=ovhcloud`: the background poller of pending `/account connect` validations. */
  readonly connections?: ConnectPoller;
  /** This process's lease in the store, renewed while it runs; release it on shutdown (imports refuse while it is fresh). */
  readonly presence: Presence;
}

/** What the runtime takes besides the environment (tests). */
export interface RuntimeOptions {
  /** Wall clock of the presence lease (real time by default, whatever GUICHET_NOW says). */
  readonly wallClock?: Clock;
}

/** Test hooks of the OVHcloud wiring (timers, effect journal). */
export type OvhcloudHooks = Partial<Pick<OvhcloudWiring, 'timers' | 'scheduler' | 'effects' | 'wrapEffects'>>;

/** Reads `.env` (if present) into the environment without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** True when no chat platform is configured, so the console adapter runs. */
export function consoleMode(env: Env): boolean {
  return !(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) && !(env.DISCORD_TOKEN && env.DISCORD_APPLICATION_ID);
}

/** Validates the configuration, opens the store and wires the core. */
export async function createRuntime(source: Record<string, string | undefined> = process.env, options: RuntimeOptions & OvhcloudHooks = {}): Promise<Runtime> {
  const { wallClock = systemClock, ...hooks } = options;
  const env = loadEnv(source);
  const level = source.LOG_LEVEL ? env.LOG_LEVEL : consoleMode(env) ? 'warn' : env.LOG_LEVEL;
  const { logger } = createLogger(level);
  const start = startInstant(env.GUICHET_NOW, wallClock.now());
  const clock: Clock = start ? new ManualClock(start) : systemClock;
  const metrics = new PromMetrics();
  const store = await openStore(env.GUICHET_STORE, clock, { demo: false, metrics });
  // Present before the first write: an unfinished import stops start-up, and an import waits while this process runs.
  const presence = await Presence.claim(store.uow, { role: 'bot', detail: platformsOf(env).join(', '), clock: wallClock }).catch(async (error: unknown) => {
    await store.uow.close();
    throw error;
  });
  presence.keep(logger);
  const secretBox = env.GUICHET_SECRET_KEY ? createSecretBox(env.GUICHET_SECRET_KEY) : undefined;
  // The demo data, with the showcase that fills every section of alice's /account overview.
  if (demoMode(env) === 'auto') store.seeded = await seedDemoIfEmpty(store.uow, clock, [showcaseSeeder(coreConfigOf(env).timeZone, secretBox ?? UNENCRYPTED_BOX)]);
  else {
    const withdrawn = await store.uow.run(async (tx) => {
      const codes = await withdrawDemoVouchers(tx);
      return { commit: codes.length > 0, result: codes };
    });
    if (withdrawn.length) logger.warn({ codes: withdrawn }, 'demo voucher codes withdrawn: demo mode is off');
  }
  if (store.seeded) logger.info({ store: store.engine.location }, 'demo data loaded into an empty store');
  const notifier = new NotifierRouter();
  const rateLimiter = new RateLimiter(env.GUICHET_RATE_LIMIT, 60_000);
  // Autocomplete asks on each keystroke: a wider allowance, counted apart from commands.
  const suggestLimiter = new RateLimiter(env.GUICHET_RATE_LIMIT * SUGGESTIONS_PER_COMMAND, 60_000);
  const config = coreConfigOf(env);
  // The provider is chosen here, by GUICHET_PROVIDER; loadEnv has checked what ovhcloud needs.
  const ovh = env.GUICHET_PROVIDER === 'ovhcloud'
    ? createOvhcloudParts({
        secretKey: env.GUICHET_SECRET_KEY!, endpoint: env.OVH_ENDPOINT, applicationKey: env.OVH_APPLICATION_KEY!, applicationSecret: env.OVH_APPLICATION_SECRET!,
        store: store.uow, clock, logger, notifier, locale: config.locale, ...hooks,
      })
    : undefined;
  if (!secretBox && !consoleMode(env)) {
    logger.warn({}, 'GUICHET_SECRET_KEY is not set: tokens copied into service mails are kept unencrypted until their request settles or expires');
  }
  // With OVHcloud the provider keeps the books: the jobs mirror connected accounts and only remind.
  const registry = ovh
    ? mirrorJobs(createOvhcloudFeed(feedOfConnections({
        read: (f) => store.uow.run(async (tx) => ({ commit: false, result: await f(tx.connections) })),
        box: ovh.box,
        clientAt: ovh.clientAt,
      })))
    : undefined;
  const holder = `${hostname()}:${process.pid}:${randomCode(6)}`;
  const jobs = buildJobRunner({ store: store.uow, notifier, config, logger, holder, metrics, ...(registry ? { registry } : {}) });
  const images = new ResvgImageRenderer();
  const core = new Guichet({
    registry: buildRegistry(), store: store.uow, clock, config, notifier, logger, jobs, rateLimiter, suggestLimiter,
    provider: ovh?.provider ?? ledgerProvider, ...(ovh ? { connector: ovh.connector } : {}), ...(secretBox ? { secretBox } : {}), metrics,
    images,
  });
  // The weekly digest posts the core's overview of each subscribed account, with its projects' credit charts.
  jobs.useOverviews((account, locale) => core.overviewOfAccount(account, locale));
  jobs.useCharts((account, read) => core.readAccount(account, read), images);
  ovh?.poller.start();
  if (ovh) logger.info({ provider: 'ovhcloud', endpoint: env.OVH_ENDPOINT }, 'provider');
  return { env, logger, clock, store, notifier, core, jobs, presence, metrics, leases: new Leases(store.uow, holder), ...(ovh ? { connections: ovh.poller } : {}) };
}

/** Whether demo data may be loaded: as configured, else `auto` for the console and `off` once a chat platform is configured. */
export function demoMode(env: Env): 'auto' | 'off' {
  return env.GUICHET_DEMO_DATA ?? (consoleMode(env) ? 'auto' : 'off');
}

/** The platforms a configuration serves. */
export function platformsOf(env: Env): string[] {
  if (consoleMode(env)) return ['console'];
  return [...(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET ? ['slack'] : []), ...(env.DISCORD_TOKEN && env.DISCORD_APPLICATION_ID ? ['discord'] : [])];
}
