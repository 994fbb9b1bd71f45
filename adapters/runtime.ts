import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomCode } from '../src/domain/ids.js';
import { Leases } from '../src/jobs/leases.js';
import { PromMetrics } from './ops/prom.metrics.js';
import { buildRegistry } from '../src/commands/index.js';
import { coreConfigOf, loadEnv, type Env } from '../src/config.js';
import { ledgerProvider } from '../src/ledger/ledger.provider.js';
import { Guichet } from '../src/core/guichet.js';
import { RateLimiter } from '../src/core/rate-limit.js';
import { buildJobRunner } from '../src/jobs/index.js';
import type { JobRunner } from '../src/jobs/job-runner.js';
import { ManualClock, systemClock, type Clock } from '../src/ports/clock.js';
import type { Logger } from '../src/ports/logger.js';
import { NotifierRouter } from '../src/ports/notifier.js';
import { createLogger } from './logging/pino.logger.js';
import { openStore, type OpenedStore } from './store/open-store.js';

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
}

/** Reads `.env` (if present) into the environment without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** True when no chat platform is configured, so the console adapter runs. */
export function consoleMode(env: Env): boolean {
  return !(env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) && !(env.DISCORD_TOKEN && env.DISCORD_APPLICATION_ID);
}

/** Validates the configuration, opens the store and wires the core. */
export async function createRuntime(source: Record<string, string | undefined> = process.env): Promise<Runtime> {
  const env = loadEnv(source);
  const level = source.LOG_LEVEL ? env.LOG_LEVEL : consoleMode(env) ? 'warn' : env.LOG_LEVEL;
  const { logger } = createLogger(level);
  const clock: Clock = env.GUICHET_NOW ? new ManualClock(env.GUICHET_NOW) : systemClock;
  const metrics = new PromMetrics();
  const store = await openStore(env.GUICHET_STORE, clock, { demo: env.GUICHET_DEMO_DATA === 'auto', metrics });
  if (store.seeded) logger.info({ store: store.engine.location }, 'demo data loaded into an empty store');
  const notifier = new NotifierRouter();
  const rateLimiter = new RateLimiter(env.GUICHET_RATE_LIMIT, 60_000);
  // Autocomplete asks on each keystroke: a wider allowance, counted apart from commands.
  const suggestLimiter = new RateLimiter(env.GUICHET_RATE_LIMIT * SUGGESTIONS_PER_COMMAND, 60_000);
  const config = coreConfigOf(env);
  const holder = `${hostname()}:${process.pid}:${randomCode(6)}`;
  const jobs = buildJobRunner({ store: store.uow, notifier, config, logger, holder, metrics });
  const core = new Guichet({ registry: buildRegistry(), store: store.uow, clock, config, notifier, logger, jobs, rateLimiter, suggestLimiter, provider: ledgerProvider, metrics });
  return { env, logger, clock, store, notifier, core, jobs, metrics, leases: new Leases(store.uow, holder) };
}
