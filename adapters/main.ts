import type { Server } from 'node:http';
import { ConfigError, loadEnv } from '../src/config.js';
import { systemClock } from '../src/ports/clock.js';
import { ConsoleNotifier } from './console/console.notifier.js';
import { GatewayLease } from './discord/gateway-lease.js';
import { discordSettingsOf } from './discord/discord.config.js';
import { runConsole } from './console/console.adapter.js';
import { opsRoutes, startOpsServer } from './ops/ops.http.js';
import { Readiness } from './ops/readiness.js';
import { consoleMode, createRuntime, loadDotEnv } from './runtime.js';
import { slackSettingsOf } from './slack/slack.config.js';
import { CronScheduler } from './scheduler/cron.scheduler.js';
import { StoreRunCoordinator } from './scheduler/store-run-coordinator.js';

/** How long shutdown waits for commands in flight. */
const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * Starts Guichet: Slack and/or Discord when configured (together if both are), the console when no platform is.
 * Health checks and metrics (`/healthz`, `/readyz`, `/metrics`) are served on Slack's HTTP port when Slack runs
 * over HTTP, else on `PORT` (Socket Mode, Discord); the console opens that port only when `PORT` is set.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const slack = slackSettingsOf(loadEnv());
  const discordSettings = discordSettingsOf(loadEnv());
  const runtime = await createRuntime();
  const { env, logger } = runtime;
  const readiness = new Readiness();
  const { engine } = runtime.store;
  readiness.add({ name: 'store', check: async () => (await engine.range('~ping', '~ping~', { limit: 1 }), true) });
  const routes = opsRoutes(readiness, runtime.metrics);
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  /** Graceful stop: not ready, adapters stop accepting, the job slot is handed over, commands in flight finish (bounded), the store is flushed and closed. */
  const shutdown = (code: number) => {
    stopping ??= (async () => {
      readiness.stopping();
      const force = setTimeout(() => {
        process.stderr.write('Guichet: shutdown took too long; exiting anyway.\n');
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS + 5_000);
      force.unref();
      for (const stop of stops.reverse()) await stop().catch(() => {});
      const drained = await runtime.core.drain(SHUTDOWN_LIMIT_MS);
      if (!drained) logger.warn({}, 'commands still running at shutdown');
      await runtime.presence.release().catch((error: unknown) => logger.warn({ err: String(error) }, 'presence lease not released'));
      await runtime.store.uow.close();
      logger.info({}, 'stopped');
      process.exit(code);
    })();
    return stopping;
  };
  if (runtime.connections) stops.push(() => runtime.connections!.stop());
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  try {
    // Each platform's SDK is loaded only when that platform is configured (discord.js alone is ~25 MB of memory).
    if (slack) {
      const { SlackAdapter } = await import('./slack/slack.adapter.js');
      const adapter = await SlackAdapter.start({ core: runtime.core, logger, port: env.PORT, ...slack, customRoutes: routes, jobs: runtime.jobs });
      runtime.notifier.register(adapter.notifier);
      readiness.add({ name: 'slack', check: () => adapter.connected });
      stops.push(() => adapter.stop());
    }
    if (discordSettings) {
      const { token, applicationId, apiUrl } = discordSettings;
      const { checkDiscordToken, DiscordAdapter } = await import('./discord/discord.adapter.js');
      const discord = new DiscordAdapter({ token, applicationId, core: runtime.core, logger, ...(apiUrl ? { apiUrl } : {}) });
      runtime.notifier.register(discord.notifier);
      // Every process checks the token at start, whether it connects now or stands by.
      await checkDiscordToken({ token, applicationId, ...(apiUrl ? { apiUrl } : {}) });
      // One gateway connection across the processes sharing the store: the lease holder connects, the others stand by.
      const gateway = new GatewayLease({ leases: runtime.leases, clock: systemClock, logger: logger.child({ adapter: 'discord' }) });
      readiness.add({ name: 'discord', check: () => !gateway.owner || discord.connected });
      stops.push(async () => {
        await discord.stop();
        await gateway.stop();
      });
      await gateway.run(() => discord.start(), () => discord.stop());
    }
    const slackHttp = slack !== undefined && !slack.appToken;
    if (!slackHttp && (!consoleMode(env) || (process.env.PORT ?? '').trim() !== '')) {
      const server = await startOpsServer(env.PORT, routes);
      const address = server.address();
      logger.info({ port: address && typeof address === 'object' ? address.port : env.PORT, paths: routes.map((r) => r.path) }, 'ops endpoints listening');
      stops.push(() => closeServer(server));
    }
  } catch (error) {
    // A platform that refused us: let go of the store at once, so an import need not wait for the lease to lapse.
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await runtime.presence.release().catch(() => {});
    await runtime.store.uow.close().catch(() => {});
    throw error;
  }
  const scheduler = new CronScheduler({
    expression: env.GUICHET_REMINDER_CRON,
    timeZone: env.GUICHET_TZ,
    jobs: runtime.jobs,
    clock: runtime.clock,
    logger,
    coordinator: (onTakeOver) => new StoreRunCoordinator({ leases: runtime.leases, clock: systemClock, logger: logger.child({ component: 'cron' }), onTakeOver }),
  });
  await scheduler.start();
  stops.push(() => scheduler.stop());
  if (consoleMode(env)) {
    runtime.notifier.register(new ConsoleNotifier());
    if (runtime.store.seeded) process.stderr.write(`Demo data loaded into ${runtime.store.engine.location}\n`);
    const reading = new AbortController();
    stops.push(async () => reading.abort());
    await runConsole(runtime.core, process.stdin, process.stdout, reading.signal);
    await shutdown(0);
  }
}

/** Closes an HTTP server, dropping idle keep-alive connections. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Guichet could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
